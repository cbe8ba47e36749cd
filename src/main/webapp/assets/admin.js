// The admin console: nodes, rooms, a room's peers, allocations and bans, kept live by the admin event stream.
// Every string a client chose (peer_id, info_hash, Origin, User-Agent, addresses) goes into the page as text
// (textContent), never as markup, and never into an attribute (no href or src is built from one, so a
// `javascript:` peer_id never becomes a link); ids go into API paths percent-encoded. No inline script or style:
// the page works under the strict Content-Security-Policy of docs/security.md.
const KEY = 'rendezvous.admin.token';
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem(KEY);
let selectedRoom = null;
let refreshTimer = null;
let stream = null;

async function api(method, path) {
  const response = await fetch(`admin/${path}`, { method, headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (response.status === 401 || response.status === 429) {
    signOut(response.status === 429 ? 'Too many failed attempts: wait a minute.' : 'That token was refused.');
    throw new Error('unauthorized');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

/** All the items of a paged list (a console shows up to 5,000 of each). */
async function all(path) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 5; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const body = await api('GET', `${path}${separator}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...body.items);
    if (!body.next) break;
    cursor = body.next;
  }
  return items;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function button(row, label, className, onClick) {
  const td = document.createElement('td');
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  td.appendChild(b);
  row.appendChild(td);
  return b;
}

function fill(tableId, items, render) {
  const body = $(tableId).querySelector('tbody');
  const rows = items.map((item) => {
    const row = document.createElement('tr');
    render(row, item);
    return row;
  });
  body.replaceChildren(...rows);
  if (!rows.length) {
    const row = document.createElement('tr');
    const td = cell(row, 'none', 'muted');
    td.colSpan = $(tableId).querySelectorAll('thead th').length;
    body.appendChild(row);
  }
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
const bytes = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} KB` : `${n} B`);
const duration = (s) => (s >= 86400 ? `${Math.floor(s / 86400)} d` : s >= 3600 ? `${Math.floor(s / 3600)} h` : s >= 60 ? `${Math.floor(s / 60)} min` : `${s} s`);

async function refreshNodes() {
  fill('nodes', await all('nodes'), (row, n) => {
    [n.id, n.version, duration(n.uptime_seconds), n.sockets, n.rooms, n.peers, n.allocations, n.engine, n.draining ? 'yes' : 'no']
      .forEach((v) => cell(row, v));
  });
}

async function refreshRooms() {
  const rooms = await all('rooms');
  fill('rooms', rooms, (row, r) => {
    if (r.info_hash === selectedRoom) row.className = 'selected';
    cell(row, r.info_hash, 'client');
    cell(row, r.seeders);
    cell(row, r.leechers);
    button(row, 'Peers', 'link', () => { selectedRoom = r.info_hash; refresh(); });
  });
  if (selectedRoom && !rooms.some((r) => r.info_hash === selectedRoom)) selectedRoom = null;
}

async function refreshPeers() {
  $('room').hidden = !selectedRoom;
  if (!selectedRoom) return;
  $('room-hash').textContent = selectedRoom;
  let peers = [];
  try {
    peers = await all(`rooms/${encodeURIComponent(selectedRoom)}`);
  } catch (e) {
    if (e.message === 'unauthorized') throw e;
  }
  fill('peers', peers, (row, p) => {
    cell(row, p.peer_id, 'client');
    cell(row, p.node);
    cell(row, p.address, 'client');
    cell(row, p.origin, 'client');
    cell(row, p.user_agent, 'client');
    cell(row, p.seeder ? 'yes' : 'no');
    cell(row, time(p.connected_since));
    cell(row, time(p.last_announce));
    cell(row, `${p.offers_sent} / ${p.offers_received}`);
    const actions = button(row, 'Kick', 'danger', () => kick(p, 0)).parentElement;
    const ban = document.createElement('button');
    ban.type = 'button';
    ban.className = 'danger';
    ban.textContent = 'Kick and ban';
    ban.addEventListener('click', () => kick(p, Number($('ban-seconds').value)));
    actions.append(' ', ban);
  });
}

async function kick(peer, banSeconds) {
  if (banSeconds && !(Number.isInteger(banSeconds) && banSeconds > 0)) {
    alert('The ban is a whole number of seconds.');
    return;
  }
  const what = banSeconds
    ? `Kick peer ${peer.peer_id} and ban it and ${peer.address} for ${banSeconds} s?`
    : `Kick peer ${peer.peer_id} (node ${peer.node})?`;
  if (!confirm(what)) return;
  try {
    await api('DELETE', `rooms/${encodeURIComponent(peer.info_hash)}/peers/${encodeURIComponent(peer.peer_id)}${banSeconds ? `?ban=${banSeconds}` : ''}`);
  } catch (e) {
    alert(`Kick failed: ${e.message}`);
  }
  refresh();
}

async function refreshAllocations() {
  fill('allocations', await all('allocations'), (row, a) => {
    cell(row, a.id, 'client');
    cell(row, a.node);
    cell(row, a.transport);
    cell(row, `${a.client_address}:${a.client_port}`, 'client');
    cell(row, a.username, 'client');
    cell(row, a.relayed.join(' '), 'client');
    cell(row, time(a.expires));
    cell(row, `${a.packets_to_peers} pkts, ${bytes(a.bytes_to_peers)}`);
    cell(row, `${a.packets_to_client} pkts, ${bytes(a.bytes_to_client)}`);
    cell(row, a.permissions.join(' '), 'client');
    cell(row, a.channels.length);
    cell(row, a.connections);
    button(row, 'End', 'danger', async () => {
      if (!confirm(`End allocation ${a.id} of ${a.client_address}:${a.client_port} (node ${a.node})?`)) return;
      try { await api('DELETE', `allocations/${encodeURIComponent(a.id)}`); } catch (e) { alert(`End failed: ${e.message}`); }
      refresh();
    });
  });
}

async function refreshBans() {
  fill('bans', await all('bans'), (row, b) => {
    cell(row, b.id, 'client');
    cell(row, b.peer_id, 'client');
    cell(row, b.address, 'client');
    cell(row, new Date(b.expires).toLocaleString());
    button(row, 'Lift', '', async () => {
      if (!confirm(`Lift ban ${b.id}?`)) return;
      try { await api('DELETE', `bans/${encodeURIComponent(b.id)}`); } catch (e) { alert(`Lift failed: ${e.message}`); }
      refresh();
    });
  });
}

async function refresh() {
  clearTimeout(refreshTimer);
  refreshTimer = null;
  try {
    await Promise.all([refreshNodes(), refreshRooms(), refreshAllocations(), refreshBans()]);
    await refreshPeers();
  } catch (e) {
    if (e.message !== 'unauthorized') console.warn('refresh failed', e);
  }
}

/** A burst of events asks for one refresh. */
function refreshSoon() {
  if (!refreshTimer) refreshTimer = setTimeout(refresh, 300);
}

function logEvent(name, data) {
  const list = $('events');
  const li = document.createElement('li');
  if (name === 'dropped') {
    li.className = 'dropped';
    li.textContent = `${new Date().toLocaleTimeString()} dropped ${data.dropped} events (this console read too slowly)`;
  } else {
    const subject = data.peer_id ? `peer ${data.peer_id}${data.info_hash ? ` in ${data.info_hash}` : ''}` : data.id ? `${data.id}` : '';
    li.textContent = `${time(data.time) || new Date().toLocaleTimeString()} ${name} ${subject} ${data.address || ''} (node ${data.node})`;
  }
  li.dataset.event = name;
  list.prepend(li);
  while (list.children.length > 200) list.lastChild.remove();
}

/** The event stream, read with fetch (EventSource cannot send the token), reconnecting after a pause. */
async function listen() {
  const controller = new AbortController();
  stream = controller;
  try {
    const response = await fetch('admin/events', { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: controller.signal, cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    $('stream').textContent = '(events: live)';
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (!data.length) continue;
        let parsed = {};
        try { parsed = JSON.parse(data.join('\n')); } catch { continue; }
        if (name === 'subscribed') continue;
        logEvent(name, parsed);
        refreshSoon();
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  if (stream === controller && token) {
    $('stream').textContent = '(events: reconnecting…)';
    setTimeout(listen, 3000);
  }
}

function signOut(message) {
  sessionStorage.removeItem(KEY);
  token = null;
  if (stream) stream.abort();
  stream = null;
  $('console').hidden = true;
  $('login').hidden = false;
  $('logout').hidden = true;
  $('login-error').textContent = message || '';
}

async function signIn() {
  $('login').hidden = true;
  $('console').hidden = false;
  $('logout').hidden = false;
  await refresh();
  if (token) listen();
}

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  $('token').value = '';
  sessionStorage.setItem(KEY, token);
  signIn();
});
$('logout').addEventListener('click', (event) => { event.preventDefault(); signOut(); });
$('ban-form').addEventListener('submit', (event) => event.preventDefault());
setInterval(() => { if (token) refresh(); }, 10000); // uptimes and traffic counters move without events

if (token) signIn();
