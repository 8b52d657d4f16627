-- A citizen's lookup as the browser makes it: POST /lacak/ with a known tracking code (302, setting
-- the access cookie), then GET the page it redirects to with that cookie (200, the case's status
-- page: BENCH_PENANDA_STATUS must be in it). Two requests per lookup; `alur` counts the lookups.
-- wrk's connections on a thread share this Lua state: a redirect waits in a queue until the next
-- request of any of them follows it.
dofile(os.getenv("BENCH_LUA_DIR") .. "/lacak.lua")

local csrf = os.getenv("BENCH_CSRF")
local penanda_status = os.getenv("BENCH_PENANDA_STATUS") or ""
local antre = {}

function request()
  local ikut = table.remove(antre, 1)
  if ikut then
    return wrk.format("GET", ikut[1], {["Cookie"] = "csrftoken=" .. csrf .. "; " .. ikut[2]})
  end
  return permintaan_cari()
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
