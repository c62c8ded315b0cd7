-- wrk script of `make bench-load`: GET each path of a file in turn and print the figures
-- as one line of JSON.
--   wrk ... -s load.lua URL -- PATHS_FILE [REQUESTS_PER_SECOND_PER_THREAD]
-- With a rate, each thread sends on a fixed schedule (open loop): request k is due at
-- start + k / rate, whenever a connection is free to send it, however long earlier answers
-- took. wrk times each request from when it is sent; a request sent more than 5 ms after it
-- was due counts as late (every connection was busy): with none late, the latencies are
-- those of the schedule, and no slow answer held back the requests behind it.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_usec; } onrecord_timeval;
int gettimeofday(onrecord_timeval *tv, void *tz);
]]
local clock = ffi.new("onrecord_timeval")

local function now_ms()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_usec) / 1000
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local paths = {}
local interval = 0
local started = nil
local booked = 0
local sent = 0
late = 0
bad = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  local rate = tonumber(args[2] or "0")
  if rate > 0 then
    interval = 1000 / rate
  end
end

function delay()
  if interval == 0 then
    return 0
  end
  local now = now_ms()
  if started == nil then
    started = now
  end
  local due = started + booked * interval
  booked = booked + 1
  if now - due > 5 then
    late = late + 1
  end
  return math.max(0, due - now)
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent - 1) % #paths + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local late_total, bad_total = 0, 0
  for _, thread in ipairs(threads) do
    late_total = late_total + thread:get("late")
    bad_total = bad_total + thread:get("bad")
  end
  -- every latency wrk recorded, as [microseconds, count] pairs, so that runs can be pooled
  local histogram = {}
  for i = 1, #latency do
    local value, count = latency(i)
    table.insert(histogram, string.format("[%d,%d]", value, count))
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "median_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f,'
      .. ' "max_ms": %.2f, "late": %d, "not_200": %d, "socket_errors": %d, "timeouts": %d,'
      .. ' "histogram": [%s]}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    late_total, bad_total, errors.connect + errors.read + errors.write, errors.timeout,
    table.concat(histogram, ",")))
end
