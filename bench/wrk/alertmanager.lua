-- wrk script: POST one alert per request to Prometheus Alertmanager's /api/v2/alerts.
--   wrk -t2 -c64 -d30s --latency -s bench/wrk/alertmanager.lua http://127.0.0.1:19093/api/v2/alerts
-- Each alert has its own "instance" label (invocation nonce, thread, counter), so Alertmanager
-- stores every one as a distinct firing alert instead of refreshing the same one. It keeps them
-- all in memory (~3 KB each), which is why the harness gives it a fresh process per target slot.

local counter = 0
local nonce = 0
local head_start

-- setup() runs in wrk's main Lua state, once per thread; thread:set() makes thread_id a global of
-- that thread's own state (a local of the same name would hide it).
local threads = 0
function setup(thread)
   threads = threads + 1
   thread:set("thread_id", threads)
end

function init(args)
   nonce = os.time() % 0x100000000
   head_start = "POST " .. wrk.path .. " HTTP/1.1\r\n"
      .. "Host: " .. wrk.headers["Host"] .. "\r\n"
      .. "Content-Type: application/json\r\n"
      .. "Content-Length: "
end

function request()
   counter = counter + 1
   local body = string.format(
      '[{"labels":{"alertname":"BenchCheckoutErrors","service":"storefront","severity":"critical",'
      .. '"environment":"production","instance":"%08x-%d-%d"},'
      .. '"annotations":{"summary":"Checkout error rate above 5%% for 5 minutes",'
      .. '"runbook_url":"https://runbooks.example.com/checkout"},'
      .. '"generatorURL":"http://127.0.0.1:9090/graph?g0.expr=checkout_errors"}]',
      nonce, thread_id, counter)
   return head_start .. #body .. "\r\n\r\n" .. body
end
