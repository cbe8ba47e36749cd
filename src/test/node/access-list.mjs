// Two bittorrent-tracker Clients (the npm reference client, unmodified) on one shared socket (one URL, one process)
// announce two swarms to the tracker at argv[2], whose access list file is argv[3] in mode argv[4] (allow or deny),
// listing argv[5] and not argv[6]. Each must be served or refused as the mode says (a refused swarm's failure frame
// reaches the client as a 'warning' event). Then argv[6] is added to the file, and re-announces on the same socket
// must flip it. Prints one JSON line; exits 0 only when every step went as expected.
import Client from 'bittorrent-tracker'
import { writeFileSync, renameSync } from 'node:fs'

const [, , url, listFile, mode, listed, unlisted] = process.argv
const peer = n => '2d5757303330302d' + n.repeat(12)
const state = {}
const clients = {}
const start = (infoHash, name, peerHex) => {
  state[name] = { served: 0, refused: 0, reasons: [] }
  const client = new Client({ infoHash, peerId: peerHex, announce: [url], port: 6881 })
  client.on('error', err => { state[name].error = err.message })
  client.on('warning', err => { state[name].refused++; state[name].reasons.push(err.message) })
  client.on('update', () => { state[name].served++ })
  client.start()
  clients[name] = client
}
const wait = async (done, ms) => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline && !done()) await new Promise(resolve => setTimeout(resolve, 50))
  return done()
}
const socketOf = name => clients[name]._trackers[0].socket

start(listed, 'listed', peer('a1'))
start(unlisted, 'unlisted', peer('b2'))
const listedServed = mode === 'allow'
const steps = {}
steps.first = await wait(() => (listedServed ? state.listed.served : state.listed.refused) > 0 &&
  (listedServed ? state.unlisted.refused : state.unlisted.served) > 0, 10000)
steps.oneSocket = socketOf('listed') === socketOf('unlisted')
const socket = socketOf('unlisted')

// Add the unlisted swarm to the file (written aside, then renamed over it) and re-announce until the answer flips.
writeFileSync(listFile + '.tmp', `# test list\n${listed}\n${unlisted}  # added while running\n`)
renameSync(listFile + '.tmp', listFile)
const before = { ...state.unlisted }
const flipped = () => mode === 'allow' ? state.unlisted.served > before.served : state.unlisted.refused > before.refused
const deadline = Date.now() + 15000
while (Date.now() < deadline && !flipped()) {
  clients.unlisted.update()
  await new Promise(resolve => setTimeout(resolve, 500))
}
steps.flipped = flipped()
steps.sameSocket = socketOf('unlisted') === socket && !socket.destroyed
const ok = Object.values(steps).every(Boolean) && !state.listed.error && !state.unlisted.error
console.log(JSON.stringify({ ok, steps, state }))
for (const c of Object.values(clients)) c.destroy()
setTimeout(() => process.exit(ok ? 0 : 1), 300)
