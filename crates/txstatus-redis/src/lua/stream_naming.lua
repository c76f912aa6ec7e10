-- One page of stream entries for erasure: each entry's id and whether its first
-- `provider` and `id` fields are exactly the ones given, compared here, as bytes, so no
-- value (whatever its length or encoding) is sent.
-- KEYS[1] stream
-- ARGV[1] start (an id, `-`, or `(id`), ARGV[2] page size, ARGV[3] provider, ARGV[4] id
-- Returns {{entry id, 0|1}...}.
local page = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])
local out = {}
for i, entry in ipairs(page) do
  local provider, id = nil, nil
  local fields = entry[2]
  for j = 1, #fields - 1, 2 do
    if fields[j] == 'provider' and provider == nil then provider = fields[j + 1]
    elseif fields[j] == 'id' and id == nil then id = fields[j + 1] end
  end
  local matches = 0
  if provider == ARGV[3] and id == ARGV[4] then matches = 1 end
  out[i] = {entry[1], matches}
end
return out
