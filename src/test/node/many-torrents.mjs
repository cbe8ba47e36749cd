// A WebTorrent-like start-up: argv[3] bittorrent-tracker Clients (the npm reference client) in one process, so on
// one shared socket, each announcing its own torrent (with offers) to the tracker at argv[2] at once. Prints how many
// were answered and how many got a failure frame (a 'warning'), and how long the answers took.
import Client from 'bittorrent-tracker'
import { EventEmitter } from 'node:events'

EventEmitter.defaultMaxListeners = 0 // 200 Clients on one shared socket: not a leak

const [, , url, count] = process.argv
const n = Number(count)
const hex = i => i.toString(16).padStart(40, '0')
const result = { torrents: n, answered: 0, failures: 0, reasons: [], errors: 0 }
const answered = new Set()
const clients = []
const started = Date.now()
for (let i = 0; i < n; i++) {
  const client = new Client({ infoHash: hex(0xabc000 + i), peerId: '2d5757303330302d' + hex(i).slice(-24), announce: [url], port: 6881 })
  client.on('update', () => { if (!answered.has(i)) { answered.add(i); result.answered++ } })
  client.on('warning', err => { result.failures++; if (result.reasons.length < 3) result.reasons.push(err.message) })
  client.on('error', () => { result.errors++ })
  client.start()
  clients.push(client)
}
const deadline = Date.now() + 30000
while (Date.now() < deadline && result.answered < n) await new Promise(resolve => setTimeout(resolve, 50))
result.ms = Date.now() - started
result.sockets = new Set(clients.map(c => c._trackers[0].socket)).size
console.log(JSON.stringify(result))
const ok = result.answered === n && result.failures === 0 && result.errors === 0
for (const c of clients) c.destroy()
setTimeout(() => process.exit(ok ? 0 : 1), 300)
