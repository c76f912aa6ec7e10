-- Records an authenticated delivery, atomically: deduplicate by event id, then mark the
-- transaction as awaiting a re-read (due for the sweep) or keep an unrouted delivery.
-- KEYS[1] seen (event id marker), KEYS[2] tx hash, KEYS[3] due (sorted set),
-- KEYS[4] unrouted (list)
-- ARGV[1] has event id 0|1, ARGV[2] dedupe TTL ms, ARGV[3] routed 0|1, ARGV[4] now µs
-- (the receiver's; only orders the sweep), ARGV[5] due member, ARGV[6] state TTL ms,
-- ARGV[7] unrouted entry, ARGV[8] unrouted cap, ARGV[9] MAX_VALUE_LEN,
-- ARGV[10..] the delivery's verified hints as name, value pairs (routed only)
-- Returns 1 (new) or 0 (duplicate); a key of another type is refused (WRONGTYPE)
-- before anything is written, and so are hints that would make the transaction's kept
-- hints longer than MAX_VALUE_LEN (never written: they could not be read back).
-- The hints are kept in the hash (field `hints`, a JSON object: its TTL, erased with
-- it) until a transition is recorded (commit.lua puts them on it, then clears them):
-- the read that records the state this delivery is about may be one that began
-- before it arrived, or the sweep's.
-- A new routed delivery starts over the refusals read_refused.lua counted (`refusals`,
-- `refused_since`) and a transaction given up (`given_up`): it is due again.
-- The delivery awaits a read that began after it: `awaited_after` keeps the last
-- ticket issued when it arrived (commit.lua clears `awaiting` only for a later one).
-- Everything that can fail is checked before the first write: a refusal after the
-- event id was marked would make the provider's retry of this delivery a duplicate,
-- answered 2xx and never re-read (the delivery lost, even once the key is repaired).
local function usable(key, expected)
  local kind = redis.call('TYPE', key)['ok']
  return kind == 'none' or kind == expected
end
if ARGV[3] == '1' then
  if not usable(KEYS[2], 'hash') or not usable(KEYS[3], 'zset') then
    return redis.error_reply('WRONGTYPE a webhook store key holds another type')
  end
elseif not usable(KEYS[4], 'list') then
  return redis.error_reply('WRONGTYPE a webhook store key holds another type')
end
-- A time in µs as this script and commit.lua write it; anything else is nil.
local function micros(text)
  if type(text) ~= 'string' or #text > 20 or not string.match(text, '^-?[0-9]+$') then
    return nil
  end
  return text
end
-- The kept hints with this delivery's merged in (the later win), before any write. A
-- kept value no writer of ours left (not a JSON object, over the cap) decides nothing
-- and is replaced; members that are not text are dropped.
local hints = nil
if ARGV[3] == '1' and #ARGV > 9 then
  local cap = tonumber(ARGV[9])
  local kept = {}
  if redis.call('HSTRLEN', KEYS[2], 'hints') <= cap then
    local stored = redis.call('HGET', KEYS[2], 'hints')
    if stored then
      local ok, decoded = pcall(cjson.decode, stored)
      if ok and type(decoded) == 'table' then
        for name, value in pairs(decoded) do
          if type(name) == 'string' and type(value) == 'string' then
            kept[name] = value
          end
        end
      end
    end
  end
  for i = 10, #ARGV - 1, 2 do
    kept[ARGV[i]] = ARGV[i + 1]
  end
  hints = cjson.encode(kept)
  if #hints > cap then
    return redis.error_reply('ERR the verified hints kept for a transaction would be longer than MAX_VALUE_LEN')
  end
end
if ARGV[1] == '1' then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then
    return 0
  end
end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[2], 'awaiting', '1')
  -- A new delivery starts over: refusals counted (read_refused.lua), and a
  -- transaction given up is awaiting and due again.
  redis.call('HDEL', KEYS[2], 'refusals', 'refused_since', 'given_up')
  -- The last read ticket issued when this delivery arrived: only a read that began
  -- after it (a higher ticket) reconciles it (commit.lua). None issued yet: 0.
  local issued = redis.call('HGET', KEYS[2], 'issued')
  if type(issued) ~= 'string' or #issued > 20 or not string.match(issued, '^[0-9]+$') then
    issued = '0'
  end
  redis.call('HSET', KEYS[2], 'awaited_after', issued)
  if hints then
    redis.call('HSET', KEYS[2], 'hints', hints)
  end
  -- A `since` no writer of ours left (junk) is replaced by now, as if absent.
  local since = micros(redis.call('HGET', KEYS[2], 'since'))
  if not since then
    since = ARGV[4]
    redis.call('HSET', KEYS[2], 'since', since)
  end
  local at = micros(redis.call('HGET', KEYS[2], 'checked')) or since
  -- Never later than now: a time far ahead (junk, a clock far off) would keep the
  -- delivery from every sweep until then.
  if tonumber(at) > tonumber(ARGV[4]) then at = ARGV[4] end
  redis.call('ZADD', KEYS[3], at, ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
else
  redis.call('LPUSH', KEYS[4], ARGV[7])
  redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[8]) - 1)
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
end
return 1
