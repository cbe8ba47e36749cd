// Two Node peers with real libwebrtc (@roamhq/wrtc) and the npm bittorrent-tracker Client meet through the
// tracker at argv[2] (http://host:port) and talk over a data channel relayed by its TURN server, with
// credentials from its /ice-servers. Prints one JSON line; exits 0 only when both got the other's message
// over a relay candidate pair.
import WebSocket from 'ws'

process.env.RENDEZVOUS_WEBRTC = 'wrtc' // before bittorrent-tracker loads webrtc-polyfill (our stand-in)
const { default: Client } = await import('bittorrent-tracker')
const { default: wrtc } = await import('@roamhq/wrtc')

const base = process.argv[2]
const announce = base.replace(/^http/, 'ws') + '/announce'
const infoHash = 'cc11bb22cc33dd44ee55ff6600778899aabbcc01'
const ids = { a: '2d5254303030312d' + 'a7'.repeat(12), b: '2d5254303030312d' + 'b8'.repeat(12) }
const binary = hex => Buffer.from(hex, 'hex').toString('latin1')

// Tracker-gated TURN admits a peer_id only while it is announced: announce each one (in a lobby room) first.
async function register (peerId) {
  const socket = new WebSocket(announce)
  await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject) })
  socket.send(JSON.stringify({ action: 'announce', info_hash: binary('cc'.repeat(20)), peer_id: binary(peerId),
    numwant: 0, uploaded: 0, downloaded: 0, left: 0, event: 'started', offers: [] }))
  await new Promise(resolve => socket.once('message', resolve))
  return socket
}

async function iceServers (peerId) {
  const response = await fetch(`${base}/ice-servers?peer_id=${peerId}`)
  const body = await response.json()
  if (!response.ok) throw new Error(body.error)
  const turn = body.iceServers[1]
  return [{ urls: turn.urls.filter(u => u.includes('transport=udp')), username: turn.username, credential: turn.credential }]
}

async function selectedPair (pc) {
  const stats = await pc.getStats()
  let pair = null
  stats.forEach(r => { if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') pair = r })
  if (!pair) stats.forEach(r => { if (r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId) })
  if (!pair) return null
  return { local: stats.get(pair.localCandidateId)?.candidateType, remote: stats.get(pair.remoteCandidateId)?.candidateType }
}

const registrations = [await register(ids.a), await register(ids.b)]
const result = { received: {}, paths: {} }
const clients = []
async function start (name, url) {
  const config = { iceServers: await iceServers(ids[name]), iceTransportPolicy: 'relay' }
  const client = new Client({ infoHash, peerId: ids[name], announce: [url], port: 6881, wrtc, rtcConfig: config,
    getAnnounceOpts: () => ({ numwant: 2 }) })
  client.on('error', err => { result.error = `${name}: ${err.message}` })
  client.on('warning', () => {})
  client.on('peer', peer => {
    const greet = async () => {
      peer.send(`hello from ${name}`)
      result.paths[name] = await selectedPair(peer._pc)
    }
    if (peer.connected) greet(); else peer.once('connect', greet)
    peer.on('data', data => { result.received[name] = Buffer.from(data).toString() })
    peer.on('error', () => {})
  })
  client.start()
  clients.push(client)
}

await start('b', announce + '?client=b')
await new Promise(resolve => setTimeout(resolve, 500))
await start('a', announce + '?client=a')
const deadline = Date.now() + 30000
while (Date.now() < deadline && !(result.received.a && result.received.b && result.paths.a && result.paths.b)) {
  await new Promise(resolve => setTimeout(resolve, 100))
}
const ok = result.received.a === 'hello from b' && result.received.b === 'hello from a' &&
  [result.paths.a, result.paths.b].every(p => p && p.local === 'relay')
console.log(JSON.stringify({ ok, ...result }))
clients.forEach(c => c.destroy())
registrations.forEach(s => s.close())
setTimeout(() => process.exit(ok ? 0 : 1), 500)
