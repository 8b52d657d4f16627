-- GET one or more paths in turn (BENCH_PATHS, space-separated), with an optional Cookie header
-- (BENCH_COOKIE: an admin session). Several paths spread the reads over many rows.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  table.insert(paths, p)
end
local headers = {}
if (os.getenv("BENCH_COOKIE") or "") ~= "" then
  headers["Cookie"] = os.getenv("BENCH_COOKIE")
end
local i = 0

function init(args)
  i = tid or 0 -- each thread starts elsewhere in the list
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
