-- Removes every peer a (dead or departing) node holds in a room.
-- KEYS: room hash, room counts, room's WebSocket peers, room's HTTP and UDP peers
-- ARGV: node
-- Returns: how many peers were removed, the room's size
local removed = 0
local seeders = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
    local value = fields[i + 1]
    if string.sub(value, 1, -3) == ARGV[1] then
        redis.call('HDEL', KEYS[1], fields[i])
        redis.call('ZREM', KEYS[#fields[i] == 40 and 3 or 4], fields[i])
        removed = removed + 1
        if string.sub(value, -1) == 'S' then
            seeders = seeders + 1
        end
    end
end
local size = redis.call('HLEN', KEYS[1])
if size == 0 then
    redis.call('DEL', KEYS[2])
elseif seeders > 0 then
    redis.call('HINCRBY', KEYS[2], 'complete', -seeders)
end
return { removed, size }
