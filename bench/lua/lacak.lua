-- POST /lacak/ with a known tracking code (bench/results/run/kode-lacak.txt, written by seed_bench),
-- as the search form sends it. CSRF: the cookie's secret sent back as csrfmiddlewaretoken.
-- A found code answers 302 to the status page.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local csrf = os.getenv("BENCH_CSRF")
local codes = {}
for line in io.lines(os.getenv("BENCH_KODE")) do
  if line ~= "" then table.insert(codes, line) end
end
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = "csrftoken=" .. csrf,
}
local i = 0

function init(args)
  i = (tid or 0) * 97
end

-- Global: lacak_alur.lua sends the same search first.
function permintaan_cari()
  i = i % #codes + 1
  local body = "csrfmiddlewaretoken=" .. csrf .. "&aksi=cari&kode=" .. codes[i]
  return wrk.format("POST", "/lacak/", headers, body)
end

request = permintaan_cari
