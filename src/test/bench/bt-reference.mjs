// The reference bittorrent-tracker server with every protocol on one port number (HTTP and WebSocket over TCP, UDP),
// as `new Server({ udp: true, http: true, ws: true })`, on 127.0.0.1 only; plus, on a second loopback port, its
// memory: every request there runs full V8 collections (node --expose-gc) and answers process.memoryUsage() and the
// number of peers it holds.
// Usage: node --expose-gc bt-reference.mjs NODE_MODULES TRACKER_PORT MEMORY_PORT
import http from 'node:http'
import { pathToFileURL } from 'node:url'

const [modules, port, memoryPort] = process.argv.slice(2)
const { Server } = await import(pathToFileURL(`${modules}/bittorrent-tracker/index.js`).href)

const server = new Server({ udp: true, http: true, ws: true, stats: false })
server.on('error', err => console.error(`ERROR: ${err.message}`))
server.on('warning', () => {})
server.listen(Number(port), { http: '127.0.0.1', udp: '127.0.0.1', udp6: '::1' },
  () => console.log(`HTTP, UDP and WebSocket tracker on 127.0.0.1:${port}`))

function peers () {
  let count = 0
  for (const infoHash of Object.keys(server.torrents)) count += server.torrents[infoHash].peers.length
  return count
}

http.createServer((req, res) => {
  global.gc()
  global.gc() // the second collection frees what the first one's finalizers released
  res.setHeader('Content-Type', 'application/json')
  res.end(JSON.stringify({ ...process.memoryUsage(), peers: peers(), swarms: Object.keys(server.torrents).length }))
}).listen(Number(memoryPort), '127.0.0.1')
