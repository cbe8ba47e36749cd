-- Makes a room's entries for this node exactly the peers this node holds there, and recounts the room.
-- KEYS: room hash, room counts, room's WebSocket peers, room's HTTP and UDP peers (scored 4 or 6 by address family)
-- ARGV: node, then peer_id (hex) and S or L for each peer this node holds in the room
-- Returns: the room's size
local mine = {}
for i = 2, #ARGV, 2 do
    mine[ARGV[i]] = ARGV[i + 1]
end
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
    if string.sub(fields[i + 1], 1, -3) == ARGV[1] and not mine[fields[i]] then
        redis.call('HDEL', KEYS[1], fields[i])
        redis.call('ZREM', KEYS[#fields[i] == 40 and 3 or 4], fields[i])
    end
end
for peer, flag in pairs(mine) do
    redis.call('HSET', KEYS[1], peer, ARGV[1] .. '|' .. flag)
    if #peer == 40 then
        redis.call('ZADD', KEYS[3], 'NX', 0, peer)
    else
        redis.call('ZADD', KEYS[4], 'NX', #peer == 52 and 4 or 6, peer)
    end
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
else
    redis.call('HSET', KEYS[2], 'complete', complete)
end
return { #values }
