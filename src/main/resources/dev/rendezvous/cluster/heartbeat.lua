-- Marks this node alive (by the Redis server's clock, so nodes' clocks need not agree) with its figures.
-- KEYS: nodes (sorted by last heartbeat, ms), nodes' figures, set of rooms
-- ARGV: node, figures (JSON), node timeout (ms)
-- Returns: 1 if the node was not registered or counted as dead (new, silent too long, reaped, or Redis lost its
-- data), room count, live nodes, their figures, dead nodes
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local cutoff = now - tonumber(ARGV[3])
local previous = redis.call('ZSCORE', KEYS[1], ARGV[1])
local rejoined = (not previous or tonumber(previous) <= cutoff) and 1 or 0
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. cutoff, '+inf')
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
local figures = {}
if #live > 0 then
    figures = redis.call('HMGET', KEYS[2], unpack(live))
end
return { rejoined, redis.call('SCARD', KEYS[3]), live, figures, dead }
