// The reference tracker (npm bittorrent-tracker's Server) with every protocol it speaks: HTTP, UDP (IPv4 and IPv6)
// and WebSocket, on loopback only, on ports the system picks. Prints one JSON line with the ports once it listens,
// then runs until killed or until its standard input closes.
// Its own CLI cannot do this: it passes the UDP hostname under a key (`udp4`) that Server.listen does not read
// (`udp`), so its IPv4 UDP socket binds 0.0.0.0 whatever --udp-hostname says.
import { Server } from 'bittorrent-tracker'

const interval = Number(process.argv[2] || 120) * 1000
const server = new Server({ http: true, udp: true, ws: true, stats: true, interval })
server.on('error', err => console.error(`reference tracker error: ${err.message}`))
server.on('warning', err => console.error(`reference tracker warning: ${err.message}`))
server.listen({ http: 0, udp: 0 }, { http: '127.0.0.1', udp: '127.0.0.1', udp6: '::1' }, () => {
  console.log(JSON.stringify({
    http: server.http.address().port,
    udp: server.udp4.address().port,
    udp6: server.udp6.address().port
  }))
})
process.stdin.on('end', () => server.close(() => process.exit(0)))
process.stdin.resume()
