-- One wrk scenario, configured from the environment by bench/bench.py, replayed unchanged on
-- every connection (valid for presigned URLs, and for header-signed requests within S3's 15-minute
-- clock skew):
--   WRK_METHOD        GET (default) or PUT
--   WRK_PATH          path and query, e.g. a presigned URL without scheme and host
--   WRK_BODY_BYTES    PUT body size (a body of 'x' bytes, built once)
--   WRK_HEADERS_FILE  extra request headers, one "Name: value" per line (signed headers)
-- done() prints one machine-readable line, "WRK_JSON {...}", with the counts and the latency
-- percentiles (microseconds) the report needs; wrk's own text output is kept for humans.

wrk.method = os.getenv("WRK_METHOD") or "GET"
wrk.path = os.getenv("WRK_PATH") or "/"

local body_bytes = tonumber(os.getenv("WRK_BODY_BYTES") or "0")
if body_bytes > 0 then
  wrk.body = string.rep("x", body_bytes)
end

local headers_file = os.getenv("WRK_HEADERS_FILE")
if headers_file and headers_file ~= "" then
  for line in io.lines(headers_file) do
    local name, value = line:match("^([^:]+):%s*(.-)%s*$")
    if name then
      wrk.headers[name] = value
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
