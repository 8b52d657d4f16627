-- The peer's lookup: a seeded ticket's public view (/view/?ticket=…&email=…&key=…, the link its
-- form redirects to and its e-mails carry), in turn over the sample seed_bench wrote
-- (BENCH_PEER_DATA). One request per lookup; with BENCH_PENANDA the page must show the ticket.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths = dofile(os.getenv("BENCH_PEER_DATA")).lihat
local i = 0
local dasar = response

function init(args)
  i = (tid or 0) * 97
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  local sebelum = unexpected
  dasar(status, headers, body)
  if unexpected == sebelum then
    alur = alur + 1
  end
end
