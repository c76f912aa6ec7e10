-- One rate-budget slot: a sliding log of start times, on the server's clock only.
-- KEYS[1] log (sorted set: member = unique start id, score = Redis TIME in µs)
-- KEYS[2] limit (hash: requests, per_us), the first writer's; the stored one wins
-- ARGV[1] requests, ARGV[2] per_us (ours), ARGV[3] keep_us (history kept, >= window),
-- ARGV[4] member (unique per start while the server keeps its data; TIME is appended),
-- ARGV[5] headroom_us added to the window
-- Returns {granted 0|1, wait_us, stored requests, stored per_us, mismatch 0|1,
-- replaced 0|1 (an unusable stored limit was overwritten by ours)}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local requests = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local keep = tonumber(ARGV[3])
local mismatch = 0
local replaced = 0
-- A stored value is used only when it is a plain decimal integer in range: `tonumber`
-- alone accepts inf, nan, 1e300, hex and negatives, and any of those would make the
-- budget unlimited (or its window empty). requests: 1..2^32-1; per_us: 1..366 days (the
-- longest a limiter takes, MAX_BUDGET_INTERVAL: a longer one would shut the budget).
local function integer(text, max)
  if type(text) ~= 'string' or #text > 16 or not string.match(text, '^[1-9][0-9]*$') then
    return nil
  end
  local n = tonumber(text)
  if n == nil or n < 1 or n > max then return nil end
  return n
end
local stored = redis.call('HMGET', KEYS[2], 'requests', 'per_us')
local sr = integer(stored[1], 4294967295)
local sp = integer(stored[2], 31622400000000)
if sr and sp then
  if sr ~= requests or sp ~= per then mismatch = 1 end
  requests = sr
  per = sp
else
  -- None stored (the first writer's wins), or one no writer of ours could have stored:
  -- ours replaces it, so the budget is never unlimited.
  if stored[1] or stored[2] then replaced = 1 end
  redis.call('HSET', KEYS[2], 'requests', ARGV[1], 'per_us', ARGV[2])
end
if requests < 1 then requests = 1 end
-- Headroom: count over per + headroom, so late wake-ups and network jitter between
-- this decision and the request cannot push any window of `per` over at the provider.
local window = per + (tonumber(ARGV[5]) or math.floor(per / 100))
if keep < window then keep = window end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - keep)
-- A start later than a window from now was never recorded by this script on this clock
-- (junk, `+inf`, or a server whose clock ran far ahead): it would hold the budget shut
-- until then. Dropped; starts a little ahead (a failover's skew) still count.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. string.format('%.0f', now + window), '+inf')
-- Starts still inside the window: score > now - window.
local count = redis.call('ZCOUNT', KEYS[1], now - window + 1, '+inf')
-- Kept while the budget is in use, and a minute after (then a new limit may take over).
local ttl_ms = math.floor(keep / 1000) + 60000
if count < requests then
  -- The member with the server's time: an instance number handed out again after a
  -- restart that lost its counter must not make two starts one member (ZADD would
  -- overwrite, and the log would count one start for two).
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. '@' .. t[1] .. '.' .. t[2])
  redis.call('PEXPIRE', KEYS[1], ttl_ms)
  redis.call('PEXPIRE', KEYS[2], ttl_ms)
  return {1, 0, requests, per, mismatch, replaced}
end
redis.call('PEXPIRE', KEYS[2], ttl_ms)
-- The slot opens when the start that makes the window full leaves it.
local blocking = redis.call('ZRANGEBYSCORE', KEYS[1], now - window + 1, '+inf', 'WITHSCORES', 'LIMIT', count - requests, 1)
local wait = 1
if blocking[2] then
  wait = tonumber(blocking[2]) + window - now
  if wait ~= wait or wait < 1 then wait = 1 end
  if wait > 2 * window then wait = 2 * window end
end
return {0, wait, requests, per, mismatch, replaced}
