// Two bittorrent-tracker Clients (the npm reference client, unmodified) announce to the HTTP tracker at argv[2]
// (an http:// announce URL): a seeder A and a leecher B in one swarm. Each must be given the other's address and port
// (compact peers, BEP 23), and the client's own scrape (BEP 48, the URL with announce replaced by scrape) must count
// one seeder and one leecher; after B stops, one seeder and no leecher.
// Prints one JSON line with what each side saw; exits 0 only when all of that held.
import Client from 'bittorrent-tracker'
import { randomBytes } from 'node:crypto'

const announce = process.argv[2]
const infoHash = randomBytes(20).toString('hex')
const peerA = '2d5757303330302d' + randomBytes(12).toString('hex') // "-WW0300-" + 12 bytes
const peerB = '2d5757303330302d' + randomBytes(12).toString('hex')
const portA = 20000 + Math.floor(Math.random() * 20000)
const portB = portA + 1

const seen = { a: new Set(), b: new Set() }
const errors = []
const scrapes = []
const start = (peerId, name, port, left) => {
  const client = new Client({ infoHash, peerId, announce: [announce], port, getAnnounceOpts: () => ({ left }) })
  client.on('error', err => errors.push(`${name}: ${err.message}`))
  client.on('warning', err => errors.push(`${name} warning: ${err.message}`))
  client.on('peer', addr => seen[name].add(addr))
  // The client's bencode decodes a binary dictionary key that is no UTF-8 to its hex, and the client then hexes that
  // hex again: undo the second step (the Java tests check the key's bytes).
  const hash = h => h.length === 80 ? Buffer.from(h, 'hex').toString('latin1') : h
  client.on('scrape', data => scrapes.push({ complete: data.complete, incomplete: data.incomplete, infoHash: hash(data.infoHash) }))
  client.start()
  return client
}
const until = async (test, ms) => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline && !test()) await new Promise(resolve => setTimeout(resolve, 50))
  return test()
}

const a = start(peerA, 'a', portA, 0)
await new Promise(resolve => setTimeout(resolve, 300))
const b = start(peerB, 'b', portB, 1000)
const bSeesA = await until(() => seen.b.has(`127.0.0.1:${portA}`), 10000)
a.update() // A's first announce found nobody; its next one finds B
const aSeesB = await until(() => seen.a.has(`127.0.0.1:${portB}`), 10000)

b.scrape()
const scraped = await until(() => scrapes.length > 0, 10000) ? scrapes.shift() : null
b.stop()
await new Promise(resolve => setTimeout(resolve, 500))
a.scrape()
const afterStop = await until(() => scrapes.length > 0, 10000) ? scrapes.shift() : null

const ok = bSeesA && aSeesB && scraped?.infoHash === infoHash && scraped.complete === 1 && scraped.incomplete === 1
  && afterStop?.complete === 1 && afterStop.incomplete === 0 && errors.length === 0
console.log(JSON.stringify({ ok, bSeesA, aSeesB, scraped, afterStop, seen: { a: [...seen.a], b: [...seen.b] }, errors }))
a.destroy(); b.destroy()
setTimeout(() => process.exit(ok ? 0 : 1), 300)
