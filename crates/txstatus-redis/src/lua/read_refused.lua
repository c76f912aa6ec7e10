-- Counts a read the provider refused in a way asking again will not change, atomically,
-- and gives the transaction up once the rule holds (txstatus_webhooks::Store::read_refused).
-- KEYS[1] tx hash, KEYS[2] due (sorted set)
-- ARGV[1] at µs (the receiver's clock, as every sweep time), ARGV[2] due member,
-- ARGV[3] refusals in a row the rule asks for (at least 1), ARGV[4] the rule's time
-- since the first refusal counted, µs, ARGV[5] state TTL ms
-- Returns {'not_counted', 0} (no state for the key, or only its read tickets: a hint's
-- read, nothing added; or given up already: counted once) | {'retrying', refusals} | {'given_up', refusals}, or an
-- error reply, before anything is written, for a key of another type or a count or time
-- no writer of ours left (not a plain integer in range).
-- The count and `refused_since` start over when a delivery is accepted (accept.lua) or
-- a read is committed (commit.lua); both also clear `given_up`.
for _, pair in ipairs({{KEYS[1], 'hash'}, {KEYS[2], 'zset'}}) do
  local kind = redis.call('TYPE', pair[1])['ok']
  if kind ~= 'none' and kind ~= pair[2] then
    return redis.error_reply('WRONGTYPE a webhook store key holds another type')
  end
end
-- A hash holding only read tickets (`born`, `issued`: lua/ticket.lua) holds nothing
-- for the transaction: a hint's read began, nothing was accepted or committed.
local held = redis.call('HLEN', KEYS[1]) - redis.call('HEXISTS', KEYS[1], 'born')
  - redis.call('HEXISTS', KEYS[1], 'issued')
if held <= 0 or (redis.call('HSTRLEN', KEYS[1], 'given_up') == 1
  and redis.call('HGET', KEYS[1], 'given_up') == '1') then
  return {'not_counted', 0}
end
-- 2^53: every integer up to it is exact in Lua's numbers, so is the difference of two
-- times within it (at most 2^54).
local exact = 9007199254740992
-- A plain decimal integer within +-2^53 (times may be before 1970), else nil.
local function integer(text, signed)
  local pattern = signed and '^-?[0-9]+$' or '^[0-9]+$'
  if type(text) ~= 'string' or #text > 17 or not string.match(text, pattern) then
    return nil
  end
  local n = tonumber(text)
  if n > exact or n < -exact then return nil end
  return n
end
local at, need, after = integer(ARGV[1], true), integer(ARGV[3]), integer(ARGV[4])
if not at or not need or not after then
  return redis.error_reply('ERR a webhook store argument is out of range')
end
-- Lengths first: a junk value is never read whole into the script.
if redis.call('HSTRLEN', KEYS[1], 'refusals') > 17
  or redis.call('HSTRLEN', KEYS[1], 'refused_since') > 17 then
  return redis.error_reply('ERR a webhook store field holds no plain integer')
end
local stored = redis.call('HGET', KEYS[1], 'refusals')
local since_text = redis.call('HGET', KEYS[1], 'refused_since')
local refusals = 0
if stored then refusals = integer(stored) end
local since = at
if since_text then since = integer(since_text, true) end
if not refusals or not since or refusals > 4294967295 then
  return redis.error_reply('ERR a webhook store field holds no plain integer')
end
-- Saturates at 2^32-1 (the count is a u32), as the memory store's does.
-- Set, not HINCRBY: HINCRBY refuses some values checked plain here (leading zeros).
if refusals < 4294967295 then
  refusals = refusals + 1
end
redis.call('HSET', KEYS[1], 'refusals', string.format('%.0f', refusals))
if not since_text then
  redis.call('HSET', KEYS[1], 'refused_since', ARGV[1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if refusals >= need and at - since >= after then
  -- Given up: no longer awaiting a re-read, and not due, whatever its last state,
  -- until a delivery is accepted or a read committed.
  redis.call('HSET', KEYS[1], 'given_up', '1')
  redis.call('HDEL', KEYS[1], 'awaiting', 'since', 'awaited_after')
  redis.call('ZREM', KEYS[2], ARGV[2])
  return {'given_up', refusals}
end
-- As a failed read: checked at `at`, still awaiting; only a transaction already due
-- is moved.
redis.call('ZADD', KEYS[2], 'XX', ARGV[1], ARGV[2])
return {'retrying', refusals}
