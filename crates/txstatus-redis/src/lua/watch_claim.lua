-- Claims one due transaction with a new lease. The lease generation (gen) is the fencing
-- token: every later write by this owner must present it, and the next claim bumps it.
-- While leased, the schedule's score is the lease's end, so a dead owner's transaction is
-- due again the moment its lease expires.
-- Tokens come from one counter for the whole deployment, never below Redis TIME (µs), so a
-- token is never reused, not even after the transaction is erased and enqueued again, nor
-- after a restart that lost the counter.
-- KEYS[1] schedule, KEYS[2] token counter
-- ARGV[1] lease µs, ARGV[2] tx key prefix (prefix:watch:tx:provider:), ARGV[3] key TTL ms
-- (the hash is kept that long after the lease ends, capped at MAX_RETENTION, 3650 days,
-- which still outlasts any lease: a hash that expired while its id is still scheduled
-- would be taken off the schedule, and the transaction lost),
-- ARGV[4] candidates scanned at most, ARGV[5] the longest id (bytes): a longer member
-- was written by no enqueue and is dropped here, never sent
-- Returns {dropped} | {dropped, member, gen, lease end µs, interval µs}, where dropped
-- counts members taken off the schedule because they were unusable (longer than an id,
-- a hash of another type, or an interval no enqueue wrote: not 1 µs to 366 days), plus
-- 1 when an unusable token counter was replaced: one bad key must not block every claim
-- behind it.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local lease = tonumber(ARGV[1])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
local dropped = 0
-- A token counter no claim wrote (another type, text, or past 2^53, where doubles
-- stop telling consecutive tokens apart and two owners could share one) would fail
-- or break every claim: replaced, and the TIME floor below restarts it, as after a
-- restart that lost it.
if #due > 0 then
  local counter_kind = redis.call('TYPE', KEYS[2])['ok']
  if counter_kind ~= 'none' then
    local counter = false
    if counter_kind == 'string' then counter = redis.call('GET', KEYS[2]) end
    if not counter or #counter > 16 or not string.match(counter, '^[0-9]+$')
      or tonumber(counter) > 9007199254740991 - 4294967296 then
      redis.call('DEL', KEYS[2])
      dropped = dropped + 1
    end
  end
end
local longest_id = tonumber(ARGV[5])
-- An interval as enqueue writes it: 1 µs to MAX_WATCH_INTERVAL (366 days), digits only.
local function usable_interval(text)
  if #text > 14 or not string.match(text, '^[0-9]+$') then return false end
  local us = tonumber(text)
  return us >= 1 and us <= 31622400000000
end
for _, member in ipairs(due) do
  if #member > longest_id then
    dropped = dropped + 1
    redis.call('ZREM', KEYS[1], member)
  else
  local tx = ARGV[2] .. member
  local kind = redis.call('TYPE', tx)['ok']
  local state = {false, false}
  if kind == 'hash' then
    state = redis.call('HMGET', tx, 'interval_us', 'done')
  end
  if kind ~= 'hash' or not state[1] or state[2] == '1' then
    -- Erased, expired or finished: nothing to watch. Not a hash: unusable (left as it
    -- is, only unscheduled).
    if kind ~= 'none' and kind ~= 'hash' then dropped = dropped + 1 end
    redis.call('ZREM', KEYS[1], member)
  elseif not usable_interval(state[1]) then
    -- An interval no enqueue wrote (junk, zero, longer than 366 days: never read
    -- again, or read without pause): unusable.
    dropped = dropped + 1
    redis.call('ZREM', KEYS[1], member)
  else
    -- At least Redis TIME in µs: a restart that lost the counter (no persistence, a
    -- flush, a failover to an empty replica) must not hand out a token a stalled
    -- owner still holds. Strictly increasing while the server's clock runs forward.
    local gen = redis.call('INCR', KEYS[2])
    if gen < now then
      gen = now
      redis.call('SET', KEYS[2], gen)
    end
    local lease_end = now + lease
    redis.call('HSET', tx, 'gen', gen, 'until', lease_end)
    redis.call('ZADD', KEYS[1], lease_end, member)
    redis.call('PEXPIRE', tx, math.min(tonumber(ARGV[3]) + math.ceil(lease / 1000), 315360000000))
    return {dropped, member, gen, lease_end, state[1]}
  end
  end
end
return {dropped}
