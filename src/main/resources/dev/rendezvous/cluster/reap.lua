-- Removes a node and every peer it held. Run by any node that finds it dead (a no-op once done, or if the node
-- has come back), or by the node itself when it drains (node timeout -1).
-- KEYS: nodes, nodes' figures, set of rooms, the node's set of rooms, the node's set of peers
-- ARGV: key prefix, node, node timeout (ms) or -1, events channel
-- Returns how many (room, peer) pairs were removed, or -1 if the node is not dead
if tonumber(ARGV[3]) >= 0 then
    local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
    local time = redis.call('TIME')
    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    if not score or tonumber(score) > now - tonumber(ARGV[3]) then
        return { -1 }
    end
end
local removed = 0
for _, infoHash in ipairs(redis.call('SMEMBERS', KEYS[4])) do
    local room = ARGV[1] .. 'room:' .. infoHash
    local fields = redis.call('HGETALL', room)
    for i = 1, #fields, 2 do
        local value = fields[i + 1]
        if string.sub(value, 1, -3) == ARGV[2] then
            redis.call('HDEL', room, fields[i])
            removed = removed + 1
            if string.sub(value, -1) == 'S' then
                redis.call('HINCRBY', room .. ':counts', 'complete', -1)
            end
        end
    end
    if redis.call('HLEN', room) == 0 then
        redis.call('DEL', room .. ':counts')
        redis.call('SREM', KEYS[3], infoHash)
    end
end
redis.call('DEL', KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[4], 'gone ' .. ARGV[2])
return { removed }
