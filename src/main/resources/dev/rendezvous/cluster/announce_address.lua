-- Joins or refreshes an HTTP or UDP peer in a room, held by this node, and draws random other HTTP and UDP peers.
-- Such a peer's field is its key in hex: peer_id (40 digits) and compact address (12 digits for IPv4, 36 for IPv6),
-- so a room's hash holds WebSocket and address peers alike, and its size and counts cover both. The address peers
-- also sit in their own sorted set, scored 4 (IPv4) or 6 (IPv6), so that each family is a range of ranks.
-- KEYS: room hash, room counts, room's WebSocket peers (unused here), room's HTTP and UDP peers
-- ARGV: key (hex), node, seeder (1/0), completed (1/0), wanted, own family first (4/6), other family too (1/0),
-- a random integer in [0, 2^31) drawn by the node
-- Returns: complete, incomplete, 1 if the room was empty before, then the keys (hex) of the peers drawn
local room, counts, listed = KEYS[1], KEYS[2], KEYS[4]
local key, node = ARGV[1], ARGV[2]
local old = redis.call('HGET', room, key)
local wasSeeder = old and string.sub(old, -1) == 'S'
local seeder = wasSeeder or ARGV[3] == '1'
local value = node .. (seeder and '|S' or '|L')
if old ~= value then
    redis.call('HSET', room, key, value)
end
local family = #key == 52 and 4 or 6
redis.call('ZADD', listed, 'NX', family, key)
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
math.randomseed(tonumber(ARGV[8]))

-- Draws up to n distinct ranks among [first, first + count), leaving out `skip` (the announcer's rank, or -1), by
-- Floyd's algorithm, and adds the members at those ranks to the result.
local function draw(first, count, skip, n)
    local others = count - ((skip >= 0) and 1 or 0)
    if n <= 0 or others <= 0 then
        return 0
    end
    local ranks = {}
    if n >= others then
        for r = 0, others - 1 do
            table.insert(ranks, r)
        end
    else
        local taken = {}
        for j = others - n + 1, others do
            local r = math.random(j) - 1
            if taken[r] then
                r = j - 1
            end
            taken[r] = true
            table.insert(ranks, r)
        end
    end
    for _, r in ipairs(ranks) do
        local rank = first + r
        if skip >= 0 and rank >= skip then
            rank = rank + 1
        end
        table.insert(result, redis.call('ZRANGE', listed, rank, rank)[1])
    end
    return #ranks
end

local fours = redis.call('ZCOUNT', listed, 4, 4)
local total = redis.call('ZCARD', listed)
local mine = redis.call('ZRANK', listed, key)
local ownFirst, ownCount, otherFirst, otherCount
if ARGV[6] == '4' then
    ownFirst, ownCount, otherFirst, otherCount = 0, fours, fours, total - fours
else
    ownFirst, ownCount, otherFirst, otherCount = fours, total - fours, 0, fours
end
local drawn = draw(ownFirst, ownCount, mine, wanted)
if ARGV[7] == '1' then
    draw(otherFirst, otherCount, -1, wanted - drawn)
end
return result
