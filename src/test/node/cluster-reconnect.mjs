// Two bittorrent-tracker Clients (unmodified) meet through the URL at argv[2], then keep running while the test
// kills or drains the node that holds one of them. That client reconnects, as the reference client does, and the
// two must meet again. Math.random is pinned to 0 so the client's reconnect delay is its fixed 10 s, without the
// 0 to 5 minutes of jitter it adds. Prints one JSON line per event: {"event":"met"}, then {"event":"met-again"}.
import Client from 'bittorrent-tracker'

Math.random = () => 0

const announce = process.argv[2]
const infoHash = process.argv[3] ?? 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1'
const peerA = '2d5757303330302d' + 'c1'.repeat(12)
const peerB = '2d5757303330302d' + 'c2'.repeat(12)
const meetings = { a: 0, b: 0 }
const start = (peerId, name) => {
  const client = new Client({ infoHash, peerId, announce: [announce + '?client=' + name], port: 6881 })
  client.on('error', err => console.log(JSON.stringify({ event: 'error', client: name, message: err.message })))
  client.on('warning', err => console.log(JSON.stringify({ event: 'warning', client: name, message: err.message })))
  client.on('peer', () => { meetings[name]++ })
  client.start()
  return client
}
const b = start(peerB, 'b')
await new Promise(resolve => setTimeout(resolve, 500))
const a = start(peerA, 'a')

const until = async (done, ms) => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline && !done()) await new Promise(resolve => setTimeout(resolve, 50))
  return done()
}
if (!await until(() => meetings.a > 0 && meetings.b > 0, 15000)) {
  console.log(JSON.stringify({ event: 'never-met', meetings }))
  process.exit(1)
}
const first = { ...meetings }
console.log(JSON.stringify({ event: 'met', meetings }))
const again = await until(() => meetings.a > first.a && meetings.b > first.b, 90000)
console.log(JSON.stringify({ event: again ? 'met-again' : 'never-met-again', meetings }))
a.destroy(); b.destroy()
setTimeout(() => process.exit(again ? 0 : 1), 300)
