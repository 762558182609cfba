-- wrk script for bench/portal-load: replays pre-signed requests, one per line of the file in
-- PORTAL_LOAD_REQS (tab-separated: method, target, device, timestamp, nonce, signature, body).
-- Signing happens in the generator (Python's hmac/hashlib), never here: every line carries its
-- own nonce, so each request is sent once; thread i takes lines i, i+n, i+2n, ...
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("PORTAL_LOAD_THREADS"))
  local i = 0
  reqs = {}
  pos = 0
  exhausted = 0
  stopped_early = 0
  for line in io.lines(os.getenv("PORTAL_LOAD_REQS")) do
    if i % n == id then
      local method, target, device, ts, nonce, sig, body = line:match("^(%S+)\t(%S+)\t(%S+)\t(%S+)\t(%S+)\t(%S+)\t(.*)$")
      local headers = {
        ["X-Sewa-Device"] = device,
        ["X-Sewa-Timestamp"] = ts,
        ["X-Sewa-Nonce"] = nonce,
        ["X-Sewa-Signature"] = sig,
      }
      if body ~= "" then
        headers["Content-Type"] = "application/json"
      else
        body = nil
      end
      reqs[#reqs + 1] = wrk.format(method, target, headers, body)
    end
    i = i + 1
  end
end

function request()
  pos = pos + 1
  if pos > #reqs then
    -- Out of pre-signed requests: a resend is a replay (401) and shows up as an error.
    exhausted = exhausted + 1
    pos = 1
  end
  return reqs[pos]
end

-- Stop the thread while a margin of unsent requests remains for the connections still in
-- flight, so a short supply ends the run early instead of replaying nonces.
function response(status, headers, body)
  if pos >= #reqs - 600 then
    stopped_early = 1
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total = 0
  local early = 0
  for _, t in ipairs(threads) do
    total = total + t:get("exhausted")
    early = early + t:get("stopped_early")
  end
  io.write(string.format("exhausted: %d\n", total))
  io.write(string.format("stopped early: %d\n", early))
end
