-- Counts of the rooms named, or of every room when none is named.
-- KEYS: set of rooms
-- ARGV: key prefix, info_hashes...
-- Returns: info_hash, complete, incomplete, downloaded for each room
local infoHashes = {}
if #ARGV == 1 then
    infoHashes = redis.call('SMEMBERS', KEYS[1])
else
    for i = 2, #ARGV do
        infoHashes[#infoHashes + 1] = ARGV[i]
    end
end
local out = {}
for _, infoHash in ipairs(infoHashes) do
    local room = ARGV[1] .. 'room:' .. infoHash
    local size = redis.call('HLEN', room)
    local counts = redis.call('HMGET', room .. ':counts', 'complete', 'downloaded')
    local complete = tonumber(counts[1] or '0')
    if size > 0 or #ARGV > 1 then
        table.insert(out, infoHash)
        table.insert(out, complete)
        table.insert(out, size - complete)
        table.insert(out, tonumber(counts[2] or '0'))
    end
end
return out
