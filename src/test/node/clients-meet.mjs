// Two bittorrent-tracker Clients (the npm reference client, unmodified) join one room through the tracker
// at argv[2] (A through argv[3] when given, e.g. another node of a cluster) and must each see the other: B through A's forwarded offer, A through B's forwarded answer.
// Prints one JSON line with what each side saw; exits 0 only when both met and the SDP arrived intact.
import Client from 'bittorrent-tracker'
import { descriptionsSet } from 'webrtc-polyfill'

const announce = process.argv[2]
const announceA = process.argv[3] ?? announce
const infoHash = 'aa11bb22cc33dd44ee55ff6600778899aabbccdd'
const peerA = '2d5757303330302d' + 'a1'.repeat(12) // "-WW0300-" + 12 bytes
const peerB = '2d5757303330302d' + 'b2'.repeat(12)

const seen = { a: [], b: [] }
const start = (peerId, name, url) => {
  const client = new Client({ infoHash, peerId, announce: [url], port: 6881 })
  client.on('error', err => { console.log(JSON.stringify({ error: `${name}: ${err.message}` })); process.exit(2) })
  client.on('warning', () => {})
  client.on('peer', peer => { seen[name].push(peer.id) })
  client.start()
  return client
}

// The second client uses another query string: two Clients with one URL in one process share a socket.
const b = start(peerB, 'b', announce + '?client=b')
await new Promise(resolve => setTimeout(resolve, 500)) // B is in the room before A offers
const a = start(peerA, 'a', announceA + '?client=a')

const deadline = Date.now() + 15000
while (Date.now() < deadline && !(seen.a.includes(peerB) && seen.b.includes(peerA))) {
  await new Promise(resolve => setTimeout(resolve, 50))
}
const met = seen.a.includes(peerB) && seen.b.includes(peerA)
const offersIntact = descriptionsSet.some(d => d.type === 'offer' && /s=stub-offer-/.test(d.sdp) && d.sdp.endsWith('a=sctp-port:5000\r\n'))
const answersIntact = descriptionsSet.some(d => d.type === 'answer' && /s=stub-answer-/.test(d.sdp))
console.log(JSON.stringify({ met, offersIntact, answersIntact, seen }))
a.destroy(); b.destroy()
setTimeout(() => process.exit(met && offersIntact && answersIntact ? 0 : 1), 300)
