-- A citizen's lookup as the browser makes it: POST /lacak/ with a known tracking code (302, setting
-- the access cookie), then GET the page it redirects to with that cookie (200, the case's status
-- page: BENCH_PENANDA_STATUS must be in it). Two requests per lookup; `alur` counts the lookups.
-- wrk's connections on a thread share this Lua state: a redirect waits in a queue until the next
-- request of any of them follows it.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local csrf = os.getenv("BENCH_CSRF")
local penanda_status = os.getenv("BENCH_PENANDA_STATUS") or ""
local codes = {}
for line in io.lines(os.getenv("BENCH_KODE")) do
  if line ~= "" then table.insert(codes, line) end
end
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = "csrftoken=" .. csrf,
}
local antre = {}
local i = 0

function init(args)
  i = (tid or 0) * 97
end

function request()
  local ikut = table.remove(antre, 1)
  if ikut then
    return wrk.format("GET", ikut[1], {["Cookie"] = "csrftoken=" .. csrf .. "; " .. ikut[2]})
  end
  i = i % #codes + 1
  local body = "csrfmiddlewaretoken=" .. csrf .. "&aksi=cari&kode=" .. codes[i]
  return wrk.format("POST", "/lacak/", headers, body)
end

function response(status, headers, body)
  local lokasi, kuki = headers["Location"], headers["Set-Cookie"]
  if status == 302 and lokasi and kuki then
    table.insert(antre, {lokasi, string.match(kuki, "^[^;]+")})
  elseif status == 200 and string.find(body or "", penanda_status, 1, true) then
    alur = alur + 1
  else
    catat_galat(status, headers, body)
  end
end
