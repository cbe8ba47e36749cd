// The dashboard: health, the live figures (from /metrics, every 2 s, 5 minutes kept) and how to connect.
// On a server without MicroProfile Metrics (/metrics answers 404, as on WildFly) the figures that /stats.json
// also has are read from there, and the others are marked unavailable.
import { parsePrometheus, total } from './metrics.js';
import { drawSparkline } from './chart.js';

const SAMPLE_MS = 2000;
const KEEP = 150;
// Beside the page, like the page's other requests (a relative URL carries no query or fragment of the page's).
const trackerUrl = new URL('announce', location.href).href.replace(/^http/, 'ws');

/**
 * Each figure: how to read it from the samples, whether it is a rate (per second) of a counter, and how to read
 * it from /stats.json when the server has no /metrics.
 */
const FIGURES = {
  sockets: { read: (s) => total(s, 'rendezvous_tracker_sockets'), fromStats: (stats) => stats.sockets },
  rooms: { read: (s) => total(s, 'rendezvous_tracker_rooms'), fromStats: (stats) => stats.torrents },
  peers: { read: (s) => total(s, 'rendezvous_tracker_peers'), fromStats: (stats) => stats.peersAll },
  announces: { read: (s) => total(s, 'rendezvous_tracker_announces_total'), rate: true },
  httpAnnounces: { read: (s) => total(s, 'rendezvous_tracker_protocol_announces_total', { protocol: 'http' }), rate: true },
  udpAnnounces: { read: (s) => total(s, 'rendezvous_tracker_protocol_announces_total', { protocol: 'udp' }), rate: true },
  offers: { read: (s) => total(s, 'rendezvous_tracker_offers_forwarded_total'), rate: true },
  allocations: { read: (s) => total(s, 'rendezvous_turn_allocations_active') },
  relayed: { read: (s) => total(s, 'rendezvous_turn_relayed_bytes_total'), rate: true, bytes: true },
};
const history = Object.fromEntries(Object.keys(FIGURES).map((key) => [key, []]));
let previous = null;
let metricsServed = true;

function format(value, bytes) {
  if (bytes) {
    const units = ['B', 'KB', 'MB', 'GB'];
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
    return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** The raw value of each figure the server offers now, by key. */
async function readFigures() {
  if (metricsServed) {
    const response = await fetch('metrics', { cache: 'no-store' });
    if (response.status === 404) {
      withoutMetrics();
      return readFigures();
    }
    if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
    const samples = parsePrometheus(await response.text());
    return Object.fromEntries(Object.entries(FIGURES).map(([key, figure]) => [key, figure.read(samples)]));
  }
  const response = await fetch('stats.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/stats.json answered ${response.status}`);
  const stats = await response.json();
  return Object.fromEntries(Object.entries(FIGURES).filter(([, figure]) => figure.fromStats)
    .map(([key, figure]) => [key, figure.fromStats(stats)]));
}

function withoutMetrics() {
  metricsServed = false;
  document.getElementById('live-note').textContent = 'This server does not serve /metrics (MicroProfile Metrics): '
    + 'open sockets, rooms and peers are read from /stats.json every 2 s, and the other figures are unavailable.';
  for (const [key, figure] of Object.entries(FIGURES)) {
    if (!figure.fromStats) document.getElementById(`fig-${key}`).querySelector('.value').textContent = 'unavailable';
  }
}

async function sample() {
  const raws = await readFigures();
  const now = performance.now();
  for (const [key, raw] of Object.entries(raws)) {
    const figure = FIGURES[key];
    let value = raw;
    if (figure.rate) {
      value = previous ? Math.max(0, (raw - previous.values[key]) / ((now - previous.at) / 1000)) : 0;
    }
    const series = history[key];
    series.push(value);
    if (series.length > KEEP) series.shift();
    const element = document.getElementById(`fig-${key}`);
    element.querySelector('.value').textContent = format(value, figure.bytes);
    element.dataset.raw = String(raw);
    drawSparkline(element.querySelector('canvas'), series);
  }
  previous = { at: now, values: raws };
}

async function health() {
  const element = document.getElementById('health');
  try {
    const response = await fetch('health', { cache: 'no-store' });
    if (response.status === 404) {
      element.textContent = 'not served on this port';
      element.className = 'status';
      const note = document.createElement('li');
      note.textContent = 'This server serves MicroProfile Health elsewhere (WildFly: /health on its management port, 9990 by default).';
      document.getElementById('checks').replaceChildren(note);
      return;
    }
    const body = await response.json();
    element.textContent = body.status;
    element.className = `status ${body.status === 'UP' ? 'up' : 'down'}`;
    showUdpTracker(body.checks.find((check) => check.name === 'udp-tracker'));
    const list = document.getElementById('checks');
    list.replaceChildren(...body.checks.map((check) => {
      const item = document.createElement('li');
      const detail = check.data && Object.keys(check.data).length ? ` ${JSON.stringify(check.data)}` : '';
      item.textContent = `${check.name}: ${check.status}${detail}`;
      return item;
    }));
  } catch (error) {
    element.textContent = 'unreachable';
    element.className = 'status down';
  }
}

/** The UDP tracker's URL, from its health check (which names its port), or why there is none. */
function showUdpTracker(check) {
  const element = document.getElementById('udp-tracker-url');
  if (check && check.status === 'UP' && check.data && check.data.port) {
    element.textContent = `udp://${location.hostname}:${check.data.port}/announce`;
    element.className = '';
  } else {
    element.textContent = check ? `udp: ${check.status}` : 'udp: off';
    element.className = 'muted';
  }
}

function randomPeerId() {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function connectInfo() {
  document.getElementById('tracker-url').textContent = trackerUrl;
  document.getElementById('http-tracker-url').textContent = new URL('announce', location.href).href;
  document.getElementById('snippet-webtorrent').textContent =
`const client = new WebTorrent({ tracker: { announce: ['${trackerUrl}'] } })`;
  let servers = `[{ urls: 'stun:${location.hostname}:3478' }]`;
  const uris = document.getElementById('ice-uris');
  try {
    const response = await fetch(`ice-servers?peer_id=${randomPeerId()}`, { cache: 'no-store' });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error);
    uris.textContent = body.uris.join('  ');
    uris.className = '';
    servers = `(await (await fetch('${location.origin}/ice-servers?peer_id=' + hexPeerId)).json()).iceServers`;
  } catch (error) {
    uris.textContent = `not available: ${error.message}`;
  }
  document.getElementById('snippet-rtc').textContent =
`const pc = new RTCPeerConnection({ iceServers: ${servers} })
const channel = pc.createDataChannel('chat')`;
}

async function tick() {
  try {
    await sample();
  } catch (error) {
    console.warn('metrics', error);
  }
}

connectInfo();
health();
tick();
setInterval(tick, SAMPLE_MS);
setInterval(health, 10_000);
