// The demo room page: join a room by name, meet the other tabs through the tracker, chat over data channels,
// and show for each peer whether the connection is direct or relayed through TURN.
// Page parameters (for links and tests): room, relay=1 (relay only), transport=udp|tcp (TURN transport), ttl
// (credential lifetime, seconds), autojoin=1.
import { TrackerClient, infoHashOf, newPeerId, hex, selectedPath } from './tracker-client.js';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
// Beside the page, like the page's other requests (a relative URL carries no query or fragment of the page's).
const trackerUrl = new URL('announce', location.href).href.replace(/^http/, 'ws');
let client = null;
const messages = [];

function log(text, kind) {
  const line = document.createElement('div');
  line.className = kind || '';
  line.textContent = text;
  $('log').append(line);
  $('log').scrollTop = $('log').scrollHeight;
}

/** ICE servers from /ice-servers, bound to our peer_id (tracker-gated TURN), filtered by the page's parameters. */
async function rtcConfig(peerId) {
  const query = new URLSearchParams({ peer_id: hex(peerId) });
  if (params.get('ttl')) query.set('ttl', params.get('ttl'));
  const response = await fetch(`ice-servers?${query}`, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) {
    log(`No TURN credentials: ${body.error}`, 'system');
    return { iceServers: [] };
  }
  const transport = params.get('transport');
  const iceServers = body.iceServers
    .map((server) => ({ ...server, urls: server.urls.filter((url) => !transport || url.startsWith('stun:')
      || (url.includes(`transport=${transport}`) && url.startsWith('turn:'))) }))
    .filter((server) => server.urls.length > 0);
  return { iceServers, iceTransportPolicy: $('relay-only').checked ? 'relay' : 'all' };
}

async function renderPeers() {
  const rows = [];
  for (const [peerId, peer] of client ? client.peers : []) {
    const path = peer.pc.connectionState === 'connected' ? await selectedPath(peer.pc) : null;
    const relayed = path && (path.local === 'relay' || path.remote === 'relay');
    const row = document.createElement('tr');
    row.dataset.peer = peerId;
    const id = document.createElement('code');
    id.textContent = peerId; // another client's choice: text, never markup
    row.append(document.createElement('td'), document.createElement('td'), document.createElement('td'));
    row.children[0].append(id);
    row.children[1].textContent = peer.pc.connectionState + (peer.channel?.readyState === 'open' ? ', channel open' : '');
    row.children[2].textContent = path ? `${relayed ? 'relayed' : 'direct'} (${path.local} → ${path.remote}${path.relayProtocol ? ', TURN over ' + path.relayProtocol : ''})` : '–';
    row.children[2].className = path ? (relayed ? 'relayed' : 'direct') : '';
    rows.push(row);
  }
  $('peers').replaceChildren(...rows);
  const open = client ? [...client.peers.values()].some((p) => p.channel?.readyState === 'open') : false;
  $('message').disabled = !open;
  $('send').disabled = !open;
}

async function join(event) {
  event?.preventDefault();
  if (client) leave();
  const room = $('room').value.trim();
  const peerId = newPeerId();
  $('me').textContent = peerId;
  $('state').textContent = `in room "${room}"`;
  client = new TrackerClient(trackerUrl, await infoHashOf(room), peerId, () => rtcConfig(peerId));
  client.addEventListener('peers', renderPeers);
  client.addEventListener('message', (e) => {
    messages.push(e.detail);
    log(`${e.detail.from.slice(-6)}: ${e.detail.text}`);
  });
  client.addEventListener('error', (e) => log(`Tracker: ${e.detail.message}`, 'system'));
  client.addEventListener('closed', () => { $('state').textContent = 'disconnected from the tracker'; });
  client.start();
  $('join-button').disabled = true;
  $('leave-button').disabled = false;
  log(`Joined "${room}"`, 'system');
}

function leave() {
  if (!client) return;
  client.stop();
  client = null;
  $('state').textContent = 'not joined';
  $('join-button').disabled = false;
  $('leave-button').disabled = true;
  renderPeers();
}

function send(event) {
  event.preventDefault();
  const text = $('message').value;
  if (!text || !client) return;
  const count = client.broadcast(text);
  log(`me → ${count}: ${text}`, 'me');
  $('message').value = '';
}

$('join').addEventListener('submit', join);
$('leave-button').addEventListener('click', leave);
$('chat').addEventListener('submit', send);
$('relay-only').addEventListener('change', () => { if (client) join(); });
window.addEventListener('beforeunload', leave);
setInterval(renderPeers, 2000);

if (params.get('room')) $('room').value = params.get('room');
if (params.get('relay') === '1') $('relay-only').checked = true;
if (params.get('autojoin') === '1') join();

// For automated tests and the curious: the room's state from the console.
window.rendezvousRoom = {
  peerId: () => client?.peerId,
  messages,
  openPeers: () => client ? [...client.peers].filter(([, p]) => p.channel?.readyState === 'open').map(([id]) => id) : [],
  send: (text) => client ? client.broadcast(text) : 0,
  paths: async () => Promise.all([...(client?.peers.values() || [])]
    .filter((p) => p.pc.connectionState === 'connected').map((p) => selectedPath(p.pc))),
};
