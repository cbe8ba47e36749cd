// Two npm bittorrent-tracker Clients (the reference client, unmodified) over the http:// or udp:// tracker URL in
// argv[2] (the leecher through argv[3] when given, e.g. another node of a cluster). A seeder announces `left: 0`; a
// leecher announces without `left`, as the Client does by default (over UDP it then sends 2^64-1, "unknown"); the
// leecher must get the seeder's address:port from the tracker, a scrape must count one seeder and one leecher, and
// after the seeder's `stopped`, no seeder.
// Prints one JSON line with what the clients saw; exits 0 only when every step happened as expected.
import Client from 'bittorrent-tracker'
import { randomBytes } from 'node:crypto'

const url = process.argv[2]
const leecherUrl = process.argv[3] ?? url
const infoHash = randomBytes(20).toString('hex')
const seederPort = 20000 + Math.floor(Math.random() * 20000)
const leecherPort = seederPort + 1
const seen = { seeder: { updates: [], peers: [], warnings: [] }, leecher: { updates: [], peers: [], warnings: [], scrapes: [] } }
const failures = []

const client = (name, announce, port) => {
  const c = new Client({ infoHash, peerId: randomBytes(20).toString('hex'), announce: [announce], port })
  c.on('error', err => failures.push(`${name} error: ${err.message}`))
  c.on('warning', err => seen[name].warnings.push(err.message))
  c.on('update', data => seen[name].updates.push({ complete: data.complete, incomplete: data.incomplete }))
  c.on('peer', addr => seen[name].peers.push(addr))
  if (name === 'leecher') c.on('scrape', data => seen.leecher.scrapes.push({ complete: data.complete, incomplete: data.incomplete, downloaded: data.downloaded }))
  return c
}

const until = async (what, condition, ms = 10000) => {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) {
      failures.push(`timed out waiting for ${what}`)
      return false
    }
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return true
}

const seeder = client('seeder', url, seederPort)
const leecher = client('leecher', leecherUrl, leecherPort)
try {
  seeder.start({ left: 0 })
  if (await until('the seeder\'s announce reply', () => seen.seeder.updates.length >= 1)) {
    leecher.start()
    await until('the seeder\'s address in the leecher\'s peers', () => seen.leecher.peers.includes(`127.0.0.1:${seederPort}`))
    await until('the leecher\'s announce reply', () => seen.leecher.updates.length >= 1)
    leecher.scrape()
    await until('a scrape reply', () => seen.leecher.scrapes.length >= 1)
    seeder.stop({ left: 0 })
    await until('the seeder\'s stopped reply', () => seen.seeder.updates.length >= 2)
    leecher.scrape()
    await until('a second scrape reply', () => seen.leecher.scrapes.length >= 2)
  }
} finally {
  seeder.destroy()
  leecher.destroy()
}

const [first, second] = seen.leecher.scrapes
const expect = (ok, what) => { if (!ok) failures.push(what) }
expect(seen.leecher.updates[0]?.complete === 1 && seen.leecher.updates[0]?.incomplete === 1,
  'the leecher\'s announce reply counts 1 seeder and 1 leecher')
expect(first?.complete === 1 && first?.incomplete === 1, 'the first scrape counts 1 seeder and 1 leecher')
expect(second?.complete === 0 && second?.incomplete === 1, 'after stopped, the scrape counts 0 seeders and 1 leecher')
expect(seen.seeder.warnings.length === 0 && seen.leecher.warnings.length === 0, 'no warnings')
// Reported, not judged: the reference returns an HTTP or UDP announcer its own address, Rendezvous does not.
const seederGotItself = seen.seeder.peers.includes(`127.0.0.1:${seederPort}`)
console.log(JSON.stringify({ ok: failures.length === 0, failures, infoHash, seederPort, seederGotItself, seen }))
setTimeout(() => process.exit(failures.length === 0 ? 0 : 1), 100)
