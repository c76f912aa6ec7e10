-- Records a re-read, atomically: compare-and-set of the last state and the append of the
-- transition to the stream, fenced by the read ticket.
--
-- The transition rule itself (txstatus_webhooks::is_newer) runs in Rust, once, against
-- the last state at `version`; this script applies the decision only if the state is
-- still that version (else the caller re-reads and decides again), so the rule never
-- forks into Lua.
-- KEYS[1] tx hash, KEYS[2] stream, KEYS[3] seen (event id marker), KEYS[4] due
-- ARGV[1] expected version, ARGV[2] ticket, ARGV[3] newer 0|1, ARGV[4] state JSON,
-- ARGV[5] state terminal 0|1, ARGV[6] has event id 0|1, ARGV[7] event TTL ms,
-- ARGV[8] observed µs, ARGV[9] due member, ARGV[10] state TTL ms, ARGV[11] stream MAXLEN,
-- ARGV[12] provider, ARGV[13] id, ARGV[14] transition record JSON (its hints: the
-- commit's own merged with the kept ones), ARGV[15] the kept hints as the caller read
-- them ('' for none)
-- Returns {'retry'} | {'stale'} (also: a ticket the hash never issued, nothing
-- written) | {'same'} | {'added', stream id}, or an error reply,
-- before anything is written, for a key of another type or a field no writer of ours
-- left (a version or ticket that is not a plain integer): a commit that failed midway
-- could set the last state and never append its transition, which would then never be
-- recorded (the next read of that state is not newer).
-- A commit past the ticket checks (stale: nothing written) starts over the refusals
-- read_refused.lua counted and a transaction given up, older ticket or not: the
-- provider answered.
-- `awaiting` is cleared only by a read that began after the last accepted delivery
-- (its ticket above `awaited_after`); an earlier read records by the rule and leaves
-- the delivery due.
-- The verified hints deliveries left (accept.lua) go on the next transition recorded,
-- whichever read records it, and are then cleared: kept hints that changed since the
-- caller read them (a delivery arrived meanwhile) are not on its record: retry.
local version = redis.call('HGET', KEYS[1], 'version') or '0'
if version ~= ARGV[1] or (redis.call('HGET', KEYS[1], 'hints') or '') ~= ARGV[15] then
  return {'retry'}
end
-- A plain decimal integer (tickets are compared as such, exactly, past 2^53 too).
local function plain(text)
  return type(text) == 'string' and #text <= 20 and string.match(text, '^[0-9]+$') ~= nil
end
local committed = redis.call('HGET', KEYS[1], 'committed') or '0'
if not plain(version) or #version > 15 or not plain(committed) or not plain(ARGV[2]) then
  return redis.error_reply('ERR a webhook store field holds no plain integer')
end
for _, pair in ipairs({{KEYS[2], 'stream'}, {KEYS[4], 'zset'}}) do
  local kind = redis.call('TYPE', pair[1])['ok']
  if kind ~= 'none' and kind ~= pair[2] then
    return redis.error_reply('WRONGTYPE a webhook store key holds another type')
  end
end
-- ticket >= committed, on the digits.
local function at_least(a, b)
  a = string.gsub(a, '^0+', '')
  b = string.gsub(b, '^0+', '')
  if #a ~= #b then return #a > #b end
  return a >= b
end
-- A ticket this state never issued: the state was erased (or lost) since the read
-- began, and is absent now or was started again by a later delivery. The read is of a
-- state that no longer exists: nothing is recorded or written, so a read in flight
-- during `erase` never recreates the erased transaction nor appends to the stream.
local issued = redis.call('HGET', KEYS[1], 'issued')
if not plain(issued) or not at_least(issued, ARGV[2]) then
  return {'stale'}
end
-- Nor a ticket from before this state's first one (lua/ticket.lua): a read that began
-- before the state was erased (or expired) and started again, whose ticket the new
-- state's counter has passed. A `born` no writer of ours left (absent: a state an
-- older version started) decides nothing.
local born = redis.call('HGET', KEYS[1], 'born')
if plain(born) and not at_least(ARGV[2], born) then
  return {'stale'}
end
-- The transition is appended first, before any other write: a write the server refuses
-- midway (an ACL without XADD, memory) fails the script with the state untouched, so
-- the next read of that state is still newer and records it. (A script's writes before
-- a refused command are kept.) A later write refused leaves the transition appended and
-- the state as it was: the next read records it again, once more, never not at all.
local recording = at_least(ARGV[2], committed)
local added = nil
if recording and ARGV[3] == '1' then
  added = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[11], '*',
    'provider', ARGV[12], 'id', ARGV[13], 'record', ARGV[14])
end
if ARGV[6] == '1' then
  redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[7])
end
-- The provider answered: refusals counted (read_refused.lua) start over, and a
-- transaction given up is read by the rule again (due below when its state is open).
redis.call('HDEL', KEYS[1], 'refusals', 'refused_since', 'given_up')
-- A read that began before the last accepted delivery (its ticket at most the one
-- issued when the delivery arrived) may have read the state before the change the
-- delivery is about: the delivery stays awaiting (and due) until a read that began
-- after it commits. A mark no writer of ours left (junk, absent) decides nothing.
local after = redis.call('HGET', KEYS[1], 'awaited_after')
if not plain(after) or not at_least(after, ARGV[2]) then
  redis.call('HDEL', KEYS[1], 'awaiting', 'since', 'awaited_after')
end
redis.call('HSET', KEYS[1], 'checked', ARGV[8])
local result = {'stale'}
if recording then
  redis.call('HSET', KEYS[1], 'committed', ARGV[2])
  if added then
    -- Written as a plain integer: Lua's tostring writes 1e14 and above in
    -- exponent form, which the check above would then refuse for good.
    redis.call('HSET', KEYS[1], 'last', ARGV[4], 'terminal', ARGV[5],
      'version', string.format('%.0f', tonumber(version) + 1))
    redis.call('HDEL', KEYS[1], 'hints')
    result = {'added', added}
  else
    result = {'same'}
  end
end
-- Due for the sweep while a delivery still awaits a read or the recorded state is not
-- final.
if redis.call('HEXISTS', KEYS[1], 'awaiting') == 1
  or (redis.call('HEXISTS', KEYS[1], 'last') == 1 and redis.call('HGET', KEYS[1], 'terminal') ~= '1') then
  redis.call('ZADD', KEYS[4], ARGV[8], ARGV[9])
else
  redis.call('ZREM', KEYS[4], ARGV[9])
end
redis.call('PEXPIRE', KEYS[1], ARGV[10])
return result
