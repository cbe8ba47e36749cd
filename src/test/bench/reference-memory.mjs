// The reference bittorrent-tracker WebSocket server, as `bittorrent-tracker --ws` runs it, plus a second loopback
// port whose every request runs a full V8 collection (node --expose-gc) and answers process.memoryUsage(): the
// live heap (heapUsed) and the memory V8 knows outside it (external, of which arrayBuffers), and RSS.
// Usage: node --expose-gc reference-memory.mjs NODE_MODULES TRACKER_PORT MEMORY_PORT
import http from 'node:http'
import { pathToFileURL } from 'node:url'

const [modules, port, memoryPort] = process.argv.slice(2)
const { Server } = await import(pathToFileURL(`${modules}/bittorrent-tracker/index.js`).href)

const server = new Server({ http: false, udp: false, ws: true, stats: true })
server.on('error', err => console.error(`ERROR: ${err.message}`))
server.on('warning', () => {})
server.listen(Number(port), { http: '127.0.0.1' }, () => console.log(`WebSocket tracker on 127.0.0.1:${port}`))

http.createServer((req, res) => {
  global.gc()
  global.gc() // the second collection frees what the first one's finalizers released
  res.setHeader('Content-Type', 'application/json')
  res.end(JSON.stringify(process.memoryUsage()))
}).listen(Number(memoryPort), '127.0.0.1')
