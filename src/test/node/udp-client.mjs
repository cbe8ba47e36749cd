// Two npm `bittorrent-tracker` Clients announce one torrent to the UDP tracker at argv[2] (udp://127.0.0.1:PORT):
// the seeder first, then the leecher, which must be told the seeder's address and port; then the leecher scrapes,
// and both stop. Prints what each client saw as one JSON line; exits 0 only when the leecher got the seeder as a
// peer, both announces were answered with the counts expected, the scrape counted both, and nothing warned.
import Client from 'bittorrent-tracker'

const url = process.argv[2]
const infoHash = process.argv[3] ?? 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const result = { updates: {}, peers: [], scrape: null, warnings: [] }
const timer = setTimeout(() => finish('timed out'), 20000)

function client (name, port, peerId) {
  const c = new Client({ infoHash, peerId, announce: [url], port })
  c.on('warning', err => result.warnings.push(`${name}: ${err.message}`))
  c.on('error', err => result.warnings.push(`${name} error: ${err.message}`))
  // the first answer's counts (the answers to the final stopped announces come later)
  c.on('update', data => { result.updates[name] ??= { complete: data.complete, incomplete: data.incomplete } })
  return c
}

const seeder = client('seeder', 51001, Buffer.from('-WW0208-udpseeder001'))
const leecher = client('leecher', 51002, Buffer.from('-WW0208-udpleecher01'))

seeder.once('update', () => {
  leecher.on('peer', addr => result.peers.push(addr))
  leecher.once('update', () => {
    setTimeout(() => leecher.scrape(), 200) // after the announce's peers
  })
  leecher.start({ left: 1000 })
})
leecher.on('scrape', data => {
  result.scrape = { complete: data.complete, incomplete: data.incomplete, downloaded: data.downloaded }
  finish()
})
seeder.start({ left: 0 })

function finish (problem) {
  clearTimeout(timer)
  if (problem) result.problem = problem
  seeder.stop()
  leecher.stop()
  setTimeout(() => {
    seeder.destroy()
    leecher.destroy()
    console.log(JSON.stringify(result))
    const ok = !problem && result.warnings.length === 0 && result.peers.includes('127.0.0.1:51001') &&
      result.updates.seeder?.complete === 1 && result.updates.leecher?.complete === 1 &&
      result.updates.leecher?.incomplete === 1 && result.scrape?.complete === 1 && result.scrape?.incomplete === 1
    process.exit(ok ? 0 : 1)
  }, 500)
}
