// Sends one announce to the tracker at argv[2] with the npm `ws` client (one frame per message, as browsers
// send) and prints the reply. Exits 0 only when the reply is an announce response with an interval.
import WebSocket from 'ws'

const url = process.argv[2]
const ws = new WebSocket(url)
const timer = setTimeout(() => { console.error(`no reply from ${url} within 10 s`); process.exit(1) }, 10000)
ws.on('open', () => ws.send(JSON.stringify({
  action: 'announce', info_hash: 'run-command-check-01', peer_id: '-RC0001-runcommand01',
  numwant: 5, uploaded: 0, downloaded: 0, left: 0, event: 'started', offers: []
})))
ws.on('message', data => {
  const reply = JSON.parse(data.toString())
  console.log(JSON.stringify(reply))
  clearTimeout(timer)
  ws.close()
  process.exit(reply.action === 'announce' && Number.isInteger(reply.interval) && !reply['failure reason'] ? 0 : 1)
})
ws.on('error', err => { console.error(`${url}: ${err.message}`); process.exit(1) })
