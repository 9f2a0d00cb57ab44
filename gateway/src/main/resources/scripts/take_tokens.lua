-- Takes tokens from several token buckets at once and answers what each still holds.
-- KEYS: one hash per bucket ({tokens, at}); ARGV: for each key in turn its rate (tokens a second),
-- its capacity and the tokens taken. Time is Redis's own, so every gateway instance agrees on it.
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local remaining = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[3 * i - 2])
  local capacity = tonumber(ARGV[3 * i - 1])
  local taken = tonumber(ARGV[3 * i])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
  tokens = math.max(0, tokens - taken)
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  -- a full bucket needs no key: it expires once it would have refilled anyway
  redis.call('PEXPIRE', key, math.ceil((capacity - tokens) / rate * 1000) + 1000)
  remaining[i] = math.floor(tokens)
end
return remaining
