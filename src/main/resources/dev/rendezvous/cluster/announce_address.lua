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
local complete, incomplete, first = joinRoom(room, counts, key, node, ARGV[3], ARGV[4])
redis.call('ZADD', listed, 'NX', #key == 52 and 4 or 6, key)
local result = { complete, incomplete, first }
local wanted = tonumber(ARGV[5])
math.randomseed(tonumber(ARGV[8]))

-- Draws up to n distinct members evenly among ranks [first, first + count), leaving out `skip` (the announcer's rank,
-- or -1), and adds them to the result.
local function draw(first, count, skip, n)
    local others = count - ((skip >= 0) and 1 or 0)
    if n <= 0 or others <= 0 then
        return 0
    end
    local ranks = distinctRanks(others, n)
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
