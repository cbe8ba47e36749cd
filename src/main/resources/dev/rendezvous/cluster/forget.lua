-- Forgets a node whose peers are gone from the rooms: its records, its sets, its figures. Run by any node that found
-- it dead (a no-op if it has come back meanwhile), or by the node itself when it drains (node timeout -1).
-- KEYS: nodes, nodes' figures, the node's set of rooms, the node's set of peers
-- ARGV: node, node timeout (ms) or -1, events channel
-- Returns 1 if the node was forgotten, 0 if it is alive
if tonumber(ARGV[2]) >= 0 then
    local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
    local time = redis.call('TIME')
    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    if score and tonumber(score) > now - tonumber(ARGV[2]) then
        return { 0 }
    end
end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[3], 'gone ' .. ARGV[1])
return { 1 }
