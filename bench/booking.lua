-- wrk script for bench/booking.sh: books the given offers round-robin over
-- HTTP with a bearer token, each attempt for a new family, and writes every
-- acknowledged booking (HTTP 200) to a file for the check afterwards.
--
-- Environment: BENCH_OFFERS (comma-separated offer ids), BENCH_TOKEN (an API
-- token), BENCH_ACKED (file for "booking offer client" lines).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

function init(args)
  offers = {}
  for id in string.gmatch(os.getenv("BENCH_OFFERS") or "", "%d+") do
    table.insert(offers, id)
  end
  if #offers == 0 then
    error("BENCH_OFFERS is empty")
  end
  thread_count = tonumber(os.getenv("BENCH_THREADS") or "2")
  sent = 0
  acked = {}
  statuses = {}
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  -- Thread t takes positions t, t + T, t + 2T ... of the list, so the
  -- threads together go round the offers in order.
  local position = (sent * thread_count + thread_no - 1) % #offers
  local offer = offers[position + 1]
  sent = sent + 1
  -- A new family each time: the same one twice would meet the rule of one
  -- first Partnership appointment per family instead of "just taken".
  local client = string.format("BW%d-%d", thread_no, sent)
  local body = string.format('{"client":"%s"}', client)
  return wrk.format(nil, "/api/v1/offers/" .. offer .. "/book", nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    local booking, offer = string.match(body, '"booking":(%d+),"offer":{"id":(%d+)')
    local client = string.match(body, '"client":"(BW[%d-]+)","choice_appointment"')
    table.insert(acked, string.format("%s %s %s", booking, offer, client))
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_ACKED"), "w"))
  local total = {}
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("acked")) do
      out:write(line, "\n")
    end
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  out:close()
  local seconds = summary.duration / 1e6
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format("%d: %d", status, n))
  end
  table.sort(parts)
  io.write(string.format(
    "RESULT attempts=%d attempts_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d statuses=[%s]\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ", ")))
end
