-- Shared by every bench script: counts responses whose status is not the one expected, and prints
-- one "BENCH {json}" line at the end that bench/report.py reads. Load it first with
--   dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local threads = {}
local expected = tonumber(os.getenv("BENCH_EXPECT") or "200")

-- Runs in the main state, once per thread, before the threads start.
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- Globals of each thread's own Lua state, read back in done() with thread:get(). `alur`: completed
-- flows (a lookup: one request or two), counted by the scripts that measure flows, not requests.
unexpected = 0
first_bad = ""
alur = 0

-- BENCH_PENANDA: text the expected page must contain (a 200 that is an error page is no success).
local penanda = os.getenv("BENCH_PENANDA") or ""

function catat_galat(status, headers, body)
  unexpected = unexpected + 1
  if first_bad == "" then
    first_bad = status .. " " .. (headers["Location"] or "") .. " " .. string.sub(body or "", 1, 400)
  end
end

function response(status, headers, body)
  if status ~= expected or (penanda ~= "" and not string.find(body or "", penanda, 1, true)) then
    catat_galat(status, headers, body)
  end
end

-- A few random bytes per thread, so that tokens differ between the warm-up and the measured run.
function random_hex(bytes)
  local f = assert(io.open("/dev/urandom", "rb"))
  local raw = f:read(bytes)
  f:close()
  return (raw:gsub(".", function(c) return string.format("%02x", string.byte(c)) end))
end

local function json_string(s)
  s = s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  -- Non-ASCII bytes: the report only needs a hint of what went wrong.
  return '"' .. s:gsub("[\128-\255]", "?") .. '"'
end

function done(summary, latency, requests)
  local bad, sample, flows = 0, "", 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("unexpected") or 0)
    flows = flows + (t:get("alur") or 0)
    local fb = t:get("first_bad") or ""
    if sample == "" and fb ~= "" then sample = fb end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
      .. '"max_ms": %.2f, "unexpected": %d, "socket_errors": %d, "timeouts": %d, "expected": %d, "flows": %d, '
      .. '"flows_ps": %.1f, "sample": %s}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, bad, e.connect + e.read + e.write, e.timeout, expected, flows, flows / seconds,
    json_string(sample)))
end
