-- Joins or refreshes a peer in a room, held by this node, and picks random other peers of the room for its offers.
-- KEYS: room hash (peer -> "node|S" or "node|L"), room counts
-- ARGV: peer_id (hex), node, seeder (1/0), completed (1/0), offers wanted
-- Returns: complete, incomplete, 1 if the room was empty before, then (peer, its node) per chosen target
local room, counts = KEYS[1], KEYS[2]
local peer, node = ARGV[1], ARGV[2]
local old = redis.call('HGET', room, peer)
local wasSeeder = old and string.sub(old, -1) == 'S'
local seeder = wasSeeder or ARGV[3] == '1'
local value = node .. (seeder and '|S' or '|L')
if old ~= value then
    redis.call('HSET', room, peer, value)
end
if seeder and not wasSeeder then
    redis.call('HINCRBY', counts, 'complete', 1)
    if ARGV[4] == '1' then
        redis.call('HINCRBY', counts, 'downloaded', 1)
    end
end
local size = redis.call('HLEN', room)
local complete = tonumber(redis.call('HGET', counts, 'complete') or '0')
local result = { complete, size - complete, (not old and size == 1) and 1 or 0 }
local wanted = tonumber(ARGV[5])
if wanted > 0 then
    local picks = redis.call('HRANDFIELD', room, wanted + 1, 'WITHVALUES')
    local chosen = 0
    for i = 1, #picks, 2 do
        if picks[i] ~= peer and chosen < wanted then
            chosen = chosen + 1
            table.insert(result, picks[i])
            table.insert(result, string.sub(picks[i + 1], 1, -3))
        end
    end
end
return result
