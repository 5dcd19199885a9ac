-- Paths from BENCH_PATHS (space-separated), taken in turn. With BENCH_COUNT_STATUS set, every answer outside 2xx is
-- counted (wrk itself counts only 4xx and 5xx). done() prints one BENCH_JSON line for bench/stack.py.

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  table.insert(paths, path)
end
local threads = {}
local next_path = 1
not_2xx = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads)
end

function init(args)
  next_path = (offset or 1) % #paths + 1
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path)
end

if os.getenv("BENCH_COUNT_STATUS") then
  function response(status, headers, body)
    if status < 200 or status > 299 then
      not_2xx = not_2xx + 1
    end
  end
end

function done(summary, latency, requests)
  local bad = summary.errors.status
  if os.getenv("BENCH_COUNT_STATUS") then
    bad = 0
    for _, thread in ipairs(threads) do
      bad = bad + thread:get("not_2xx")
    end
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "not_2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, bad))
end
