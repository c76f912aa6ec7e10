-- Records a worker's read, fenced by its lease, through the webhook store's own commit
-- (lua/commit.lua, prepended to this script as the function webhook_commit): the same
-- rule, the same last state and the same stream as webhook re-reads, so a team running
-- both gets each transition once. Only the current lease owner (fencing token) gets
-- that far; a stalled owner's late result is refused here, atomically.
-- KEYS[1..4] and ARGV[1..15]: as commit.lua (webhook tx hash, stream, seen, sweep due;
-- the kept hints a delivery left go on the record, as on a webhook re-read's).
-- KEYS[5] watch tx hash, KEYS[6] watch schedule (this provider's)
-- ARGV[16] token, ARGV[17] schedule member (the id), ARGV[18] watch key TTL ms: both
-- hashes are kept that long after the next due time (capped at MAX_RETENTION, 3650
-- days, which still outlasts any interval), so neither the schedule entry nor the last
-- state (which decides whether the next read is a transition) expires first
-- Returns {'fenced'} | {'retry'} | {'final'} (a non-final state over a hash marked final
-- without a last state: nothing written) | {outcome ('added'|'same'|'stale'), done 0|1, stream id or ''}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if redis.call('HGET', KEYS[5], 'gen') ~= ARGV[16] then
  return {'fenced'}
end
-- Never backwards: a non-final state is not recorded over a hash marked final that
-- holds no last state (written by something else: the caller decided against no state
-- at all). With a last state the caller decided by the rule against it, as a webhook
-- re-read does (a later provider time may follow a final state), so both record paths
-- decide alike (checked at the version decided on; else: retry).
if ARGV[3] == '1' and ARGV[5] ~= '1' and redis.call('HGET', KEYS[1], 'terminal') == '1'
  and redis.call('HEXISTS', KEYS[1], 'last') == 0
  and (redis.call('HGET', KEYS[1], 'version') or '0') == ARGV[1] then
  return {'final'}
end
-- Checked before anything is written (the commit writes the last state and the
-- stream): an interval no enqueue wrote, or a schedule of another type, would fail the
-- writes after the commit, leaving a transition recorded but the transaction neither
-- rescheduled nor marked finished (read again and again). Refused here, nothing
-- written (the next claim takes such an interval off the schedule).
local interval_text = redis.call('HGET', KEYS[5], 'interval_us') or '0'
if #interval_text > 14 or not string.match(interval_text, '^[0-9]+$')
  or tonumber(interval_text) > 31622400000000 then
  return redis.error_reply('ERR a watch field holds no plain integer in range')
end
-- The read counter decides nothing: one no writer of ours left (junk, or too near
-- HINCRBY's overflow) is restarted rather than failing the record after its commit.
local reads = redis.call('HGET', KEYS[5], 'reads')
local reads_junk = reads and (#reads > 15 or not string.match(reads, '^[0-9]+$'))
local schedule_kind = redis.call('TYPE', KEYS[6])['ok']
if schedule_kind ~= 'none' and schedule_kind ~= 'zset' then
  return redis.error_reply('WRONGTYPE a watch key holds another type')
end
local result = webhook_commit()
-- An error reply (checked before its first write) or a retry: nothing was written.
if result.err or result[1] == 'retry' then
  return result
end
if reads_junk then
  redis.call('HSET', KEYS[5], 'reads', '0')
end
redis.call('HINCRBY', KEYS[5], 'reads', 1)
local done = 0
local ahead = 0
if redis.call('HGET', KEYS[1], 'terminal') == '1' then
  done = 1
  redis.call('HSET', KEYS[5], 'done', '1', 'until', '0')
  redis.call('ZREM', KEYS[6], ARGV[17])
else
  local interval = tonumber(interval_text)
  redis.call('HSET', KEYS[5], 'until', '0')
  redis.call('ZADD', KEYS[6], now + interval, ARGV[17])
  ahead = math.ceil(interval / 1000)
end
local keep = math.min(tonumber(ARGV[18]) + ahead, 315360000000)
redis.call('PEXPIRE', KEYS[5], keep)
-- The last state: only ever lengthened here (the webhook store may keep it longer).
local left = redis.call('PTTL', KEYS[1])
if left >= 0 and left < keep then
  redis.call('PEXPIRE', KEYS[1], keep)
end
return {result[1], done, result[2] or ''}
