// A flooder with the npm `ws` client: sends argv[3] frames that need no answer (answers to a peer that is not
// there) to the tracker at argv[2] as fast as the socket takes them, and prints the failure frames it was sent and
// how the server closed it. Exits 0 when it was told to slow down and then closed with 1008.
import WebSocket from 'ws'

const [, , url, count] = process.argv
const id = tag => (tag + '-' + Math.random().toString(36).slice(2) + '_'.repeat(20)).slice(0, 20)
const frame = JSON.stringify({ action: 'announce', info_hash: id('flood'), peer_id: id('p'), to_peer_id: id('nobody'),
  offer_id: 'o-1', answer: { type: 'answer', sdp: 'v=0 answer' } })
const result = { sent: 0, failures: [], closeCode: null, closeReason: null }
const ws = new WebSocket(url)
const timer = setTimeout(() => finish(), 30000)
ws.on('open', () => {
  // 50 frames every 10 ms: 5,000 a second, a hundred times the default limit
  const pump = () => {
    for (let i = 0; i < 50 && ws.readyState === WebSocket.OPEN && result.sent < Number(count); i++) {
      ws.send(frame)
      result.sent++
    }
    if (ws.readyState === WebSocket.OPEN && result.sent < Number(count)) setTimeout(pump, 10)
  }
  pump()
})
ws.on('message', data => {
  const m = JSON.parse(data.toString())
  if (m['failure reason'] && result.failures.length < 3) result.failures.push(m['failure reason'])
})
ws.on('close', (code, reason) => { result.closeCode = code; result.closeReason = reason.toString(); finish() })
ws.on('error', err => { result.error = err.message })
function finish () {
  clearTimeout(timer)
  console.log(JSON.stringify(result))
  process.exit(result.failures.length > 0 && result.closeCode === 1008 ? 0 : 1)
}
