-- Claims one due transaction with a new lease. The lease generation (gen) is the fencing
-- token: every later write by this owner must present it, and the next claim bumps it.
-- While leased, the schedule's score is the lease's end, so a dead owner's transaction is
-- due again the moment its lease expires.
-- Tokens come from one counter for the whole deployment, so a token is never reused, not
-- even after the transaction is erased and enqueued again.
-- KEYS[1] schedule, KEYS[2] token counter
-- ARGV[1] lease µs, ARGV[2] tx key prefix (prefix:watch:tx:provider:), ARGV[3] key TTL ms,
-- ARGV[4] candidates scanned at most
-- Returns {} | {member, gen, lease end µs, interval µs}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local lease = tonumber(ARGV[1])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
for _, member in ipairs(due) do
  local tx = ARGV[2] .. member
  local state = redis.call('HMGET', tx, 'interval_us', 'done')
  if not state[1] or state[2] == '1' then
    -- Erased, expired or finished: nothing to watch.
    redis.call('ZREM', KEYS[1], member)
  else
    local gen = redis.call('INCR', KEYS[2])
    local lease_end = now + lease
    redis.call('HSET', tx, 'gen', gen, 'until', lease_end)
    redis.call('ZADD', KEYS[1], lease_end, member)
    redis.call('PEXPIRE', tx, ARGV[3])
    return {member, gen, lease_end, state[1]}
  end
end
return {}
