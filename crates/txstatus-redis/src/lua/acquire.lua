-- One rate-budget slot: a sliding log of start times, on the server's clock only.
-- KEYS[1] log (sorted set: member = unique start id, score = Redis TIME in µs)
-- KEYS[2] limit (hash: requests, per_us), the first writer's; the stored one wins
-- ARGV[1] requests, ARGV[2] per_us (ours), ARGV[3] keep_us (history kept, >= window),
-- ARGV[4] member (unique per start while the server keeps its data; TIME is appended),
-- ARGV[5] headroom_us added to the window,
-- ARGV[6] the member of this limiter's last granted start ('' for none), ARGV[7] its
-- score (Redis TIME in µs when it was granted; '0' for none)
-- Returns {granted 0|1, wait_us, stored requests, stored per_us, mismatch 0|1,
-- replaced 0|1 (an unusable stored limit was overwritten by ours), the member granted
-- ('' when refused), now (Redis TIME in µs), lost 0|1 (starts were lost: shut now)}.
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
local stored = redis.call('HMGET', KEYS[2], 'requests', 'per_us', 'shut_until')
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
-- Lost starts: this limiter's last start is younger than the interval (so no removal
-- by any limiter of this budget, whatever its headroom or history, and no expiry,
-- could have dropped it) but is gone from the log. The log was
-- lost (a restart without persistence or from an older snapshot, a flush, an eviction
-- under memory pressure), with the other starts of the window, which can no longer be
-- counted: the budget is shut for one window from now, for every limiter, so the starts
-- made before the loss and after it never exceed the budget together.
local lost = 0
local last_score = tonumber(ARGV[7])
if ARGV[6] ~= '' and last_score and last_score > now - per and last_score <= now + per
  and not redis.call('ZSCORE', KEYS[1], ARGV[6]) then
  lost = 1
  redis.call('HSET', KEYS[2], 'shut_until', string.format('%.0f', now + window))
  stored[3] = string.format('%.0f', now + window)
end
-- A shut budget (lost starts) until its end: a value no limiter wrote (junk, or later
-- than a window from now) is dropped, so it can never hold the budget shut for longer.
local shut_until = nil
if stored[3] then
  local until_us = nil
  if type(stored[3]) == 'string' and #stored[3] <= 16 and string.match(stored[3], '^[0-9]+$') then
    until_us = tonumber(stored[3])
  end
  if until_us and until_us > now and until_us <= now + window then
    shut_until = until_us
  else
    redis.call('HDEL', KEYS[2], 'shut_until')
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - keep)
-- A start later than a window from now was never recorded by this script on this clock
-- (junk, `+inf`, or a server whose clock ran far ahead): it would hold the budget shut
-- until then. Dropped; starts a little ahead (a failover's skew) still count.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. string.format('%.0f', now + window), '+inf')
-- Starts still inside the window: score > now - window.
local count = redis.call('ZCOUNT', KEYS[1], now - window + 1, '+inf')
-- Kept while the budget is in use, and a minute after (then a new limit may take over).
local ttl_ms = math.floor(keep / 1000) + 60000
if count < requests and not shut_until then
  -- The member with the server's time: an instance number handed out again after a
  -- restart that lost its counter must not make two starts one member (ZADD would
  -- overwrite, and the log would count one start for two).
  local member = ARGV[4] .. '@' .. t[1] .. '.' .. t[2]
  redis.call('ZADD', KEYS[1], now, member)
  redis.call('PEXPIRE', KEYS[1], ttl_ms)
  redis.call('PEXPIRE', KEYS[2], ttl_ms)
  return {1, 0, requests, per, mismatch, replaced, member, now, lost}
end
redis.call('PEXPIRE', KEYS[2], ttl_ms)
if shut_until then
  return {0, shut_until - now, requests, per, mismatch, replaced, '', now, lost}
end
-- The slot opens when the start that makes the window full leaves it.
local blocking = redis.call('ZRANGEBYSCORE', KEYS[1], now - window + 1, '+inf', 'WITHSCORES', 'LIMIT', count - requests, 1)
local wait = 1
if blocking[2] then
  wait = tonumber(blocking[2]) + window - now
  if wait ~= wait or wait < 1 then wait = 1 end
  if wait > 2 * window then wait = 2 * window end
end
return {0, wait, requests, per, mismatch, replaced, '', now, lost}
