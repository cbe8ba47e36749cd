-- Makes a room's entries for this node exactly the peers this node holds there, and recounts the room.
-- KEYS: room hash, room counts, set of rooms
-- ARGV: info_hash, node, then peer_id (hex) and S or L for each peer this node holds in the room
local mine = {}
for i = 3, #ARGV, 2 do
    mine[ARGV[i]] = ARGV[i + 1]
end
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
    if string.sub(fields[i + 1], 1, -3) == ARGV[2] and not mine[fields[i]] then
        redis.call('HDEL', KEYS[1], fields[i])
    end
end
for peer, flag in pairs(mine) do
    redis.call('HSET', KEYS[1], peer, ARGV[2] .. '|' .. flag)
end
local values = redis.call('HVALS', KEYS[1])
local complete = 0
for _, value in ipairs(values) do
    if string.sub(value, -1) == 'S' then
        complete = complete + 1
    end
end
if #values == 0 then
    redis.call('DEL', KEYS[2])
    redis.call('SREM', KEYS[3], ARGV[1])
else
    redis.call('HSET', KEYS[2], 'complete', complete)
    redis.call('SADD', KEYS[3], ARGV[1])
end
return { #values }
