-- wrk script: POST a signed Sentry event_alert webhook, as Sentry's integration platform sends it.
--   wrk -t2 -c64 -d30s --latency -s bench/wrk/sentry.lua http://127.0.0.1:18080/webhooks/sentry \
--       -- bench/out/sentry-event-alert-8k.json bench/out/sentry-event-alert-8k.sig
-- The body and its signature are fixed (SentryPayloads wrote them). Like Sentry, every request
-- carries its own Request-ID, and Sentry-Hook-Timestamp (not covered by the signature) is the
-- current time, refreshed every REFRESH_EVERY requests, so no skew bound is ever hit. The bare
-- target gets the very same requests, so the client's cost is the same for both.

local REFRESH_EVERY = 1024

local counter = 0
local nonce = 0
local body, signature, head

-- setup() runs in wrk's main Lua state, once per thread; thread:set() makes thread_id a global of
-- that thread's own state (a local of the same name would hide it).
local threads = 0
function setup(thread)
   threads = threads + 1
   thread:set("thread_id", threads)
end

local function slurp(path)
   local file = assert(io.open(path, "rb"), "sentry.lua: cannot open " .. tostring(path))
   local content = file:read("*a")
   file:close()
   return content
end

local function build_head()
   head = "POST " .. wrk.path .. " HTTP/1.1\r\n"
      .. "Host: " .. wrk.headers["Host"] .. "\r\n"
      .. "Content-Type: application/json\r\n"
      .. "Content-Length: " .. #body .. "\r\n"
      .. "Sentry-Hook-Resource: event_alert\r\n"
      .. "Sentry-Hook-Timestamp: " .. os.time() .. "\r\n"
      .. "Sentry-Hook-Signature: " .. signature .. "\r\n"
      .. "Request-ID: "
end

function init(args)
   if #args < 2 then
      error("sentry.lua: usage: -- BODY.json SIGNATURE_FILE")
   end
   body = slurp(args[1])
   signature = slurp(args[2]):gsub("%s+", "")
   if not signature:match("^%x+$") or #signature ~= 64 then
      error("sentry.lua: " .. args[2] .. " does not hold a 64-digit hex signature")
   end
   -- A nonce per wrk invocation keeps Request-IDs unique across warm-up and measured runs.
   nonce = os.time() % 0x100000000
   build_head()
end

function request()
   counter = counter + 1
   if counter % REFRESH_EVERY == 0 then
      build_head()
   end
   -- 32 hex digits, as Sentry's uuid4().hex.
   local request_id = string.format("%08x%08x%016x", nonce, thread_id, counter)
   return head .. request_id .. "\r\n\r\n" .. body
end
