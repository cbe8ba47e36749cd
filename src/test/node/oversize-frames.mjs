// Sends one message of each size in argv[3..] (bytes; a trailing "b" sends a binary frame) to the tracker at
// argv[2] as a single frame with the npm `ws` client, which, like browsers and bittorrent-tracker, never
// fragments. Prints one JSON line per size: the close code the server sent (1009 expected for a message over the
// limit), the reply's action if one came, and how long it took.
import WebSocket from 'ws'

const url = process.argv[2]
const messages = process.argv.slice(3).map(arg => ({ size: parseInt(arg, 10), binary: arg.endsWith('b') }))

function announceOf (bytes) {
  const head = '{"action":"announce","info_hash":"oversize-frames-0001","peer_id":"-OV0001-oversize0001","pad":"'
  const tail = '"}'
  return head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail
}

for (const { size, binary } of messages) {
  const result = await new Promise(resolve => {
    const started = Date.now()
    const ws = new WebSocket(url)
    let reply = null
    const timer = setTimeout(() => { ws.terminate(); resolve({ size, binary, code: null, timeout: true }) }, 20000)
    ws.on('open', () => ws.send(binary ? Buffer.from(announceOf(size)) : announceOf(size)))
    ws.on('message', data => { reply = JSON.parse(data.toString()); ws.close(1000) })
    ws.on('close', code => { clearTimeout(timer); resolve({ size, binary, code, reply: reply && reply.action, ms: Date.now() - started }) })
    ws.on('error', () => {}) // a reset after the close frame is reported as a close too
  })
  console.log(JSON.stringify(result))
}
