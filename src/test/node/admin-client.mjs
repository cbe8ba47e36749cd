// A bittorrent-tracker Client (the npm reference client, unmodified) for the admin API's tests. Its WebSocket goes
// through an http.Agent that sets a User-Agent and an Origin, as a proxy agent would (Node's ws sends neither).
// An optional sixth argument is sent as X-Forwarded-For (the tests' server trusts 127.0.0.1 as a proxy).
//   node admin-client.mjs <ws url> <info_hash hex> <peer_id hex> <user agent> stay [forwarded for]
//     announces, prints {"announced":true,...} on its first announce response, and {"closed":<code>} when the
//     tracker closes its socket; exits after the close (or after 60 s)
//   node admin-client.mjs <ws url> <info_hash hex> <peer_id hex> <user agent> try
//     prints {"announced":true} if an announce is answered within 5 s, else {"announced":false,"warning":...}
import http from 'node:http'
import Client from 'bittorrent-tracker'

const [url, infoHash, peerId, userAgent, mode, forwardedFor] = process.argv.slice(2)

class HeaderAgent extends http.Agent {
  addRequest (req, options) {
    req.setHeader('User-Agent', userAgent)
    req.setHeader('Origin', 'https://admin-test.example')
    if (forwardedFor) req.setHeader('X-Forwarded-For', forwardedFor)
    return super.addRequest(req, options)
  }
}

const print = o => console.log(JSON.stringify(o))
const client = new Client({ infoHash, peerId, announce: [url], port: 6881, proxyOpts: { httpAgent: new HeaderAgent() } })
let warning = null
client.on('warning', err => { warning = err.message })
client.on('error', err => { warning = err.message })
let announced = false
client.on('update', data => {
  if (announced) return
  announced = true
  print({ announced: true, complete: data.complete, incomplete: data.incomplete })
  const ws = client._trackers[0].socket._ws
  ws.addEventListener('close', event => {
    print({ closed: event.code, reason: event.reason })
    client.destroy()
    setTimeout(() => process.exit(0), 100)
  })
})
client.start()

if (mode === 'try') {
  setTimeout(() => {
    if (!announced) print({ announced: false, warning })
    client.destroy()
    setTimeout(() => process.exit(0), 100)
  }, 5000)
} else {
  setTimeout(() => { print({ timeout: true }); process.exit(1) }, 60000)
}
