// argv[3] WebSockets from this one address (a page's tabs, or users behind one NAT address) to the tracker at
// argv[2], each announcing argv[4] torrents with the npm `ws` client. Prints how many sockets opened, how many
// announces were answered, failure frames and closes, and how long it took; exits 0 only when every one was served.
import WebSocket from 'ws'

const [, , url, socketCount, torrentCount] = process.argv
const sockets = Number(socketCount)
const torrents = Number(torrentCount ?? 1)
const result = { sockets, torrents, opened: 0, answered: 0, failures: 0, closed: 0, closeCodes: [] }
const started = Date.now()
const id = (tag, i, j) => (tag + '-' + i + '-' + j + '-' + '_'.repeat(20)).slice(0, 20)
const all = []
for (let i = 0; i < sockets; i++) {
  const ws = new WebSocket(url)
  ws.on('open', () => {
    result.opened++
    for (let j = 0; j < torrents; j++) {
      ws.send(JSON.stringify({ action: 'announce', info_hash: id('crowd', i % 50, j), peer_id: id('p', i, j), numwant: 5,
        uploaded: 0, downloaded: 0, left: 1, event: 'started', offers: [] }))
    }
  })
  ws.on('message', data => {
    const m = JSON.parse(data.toString())
    if (m['failure reason']) result.failures++
    else if (m.action === 'announce' && m.interval) result.answered++
  })
  ws.on('close', code => { result.closed++; if (result.closeCodes.length < 5) result.closeCodes.push(code) })
  ws.on('error', () => {})
  all.push(ws)
}
const deadline = Date.now() + 60000
while (Date.now() < deadline && result.answered + result.failures < sockets * torrents && result.closed === 0) {
  await new Promise(resolve => setTimeout(resolve, 50))
}
result.ms = Date.now() - started
console.log(JSON.stringify(result))
const ok = result.answered === sockets * torrents && result.failures === 0 && result.closed === 0
for (const ws of all) ws.terminate()
setTimeout(() => process.exit(ok ? 0 : 1), 200)
