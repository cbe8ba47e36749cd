// Strangers' strings against the pages, for PagesIT. Raw `ws` clients connect with a User-Agent and an Origin
// that carry HTML and script, announce peer_ids and an info_hash that do too, and send a real WebRTC offer into a
// demo room, where two tabs also chat a payload to each other. Then every page that may show such strings is
// opened in Chromium (playwright-core); the admin console is logged in before the clients connect, so that its event
// stream tells their joins, and then opens their rooms. For each page the script reports whether any payload ran (a marker it
// would set, a dialog it would open, an element it would insert), whether each payload shown is shown whole, as
// text, and every Content-Security-Policy violation and console error.
// Usage: node hostile-strings.mjs <baseUrl> <admin token>
// Prints one JSON object: { pages: { <name>: report }, control: report, peerRows, chatLines, payloads, hex,
// console: { views, events } }.
import { launchChromium } from './chromium.mjs';
import WebSocket from 'ws';
import { createHash } from 'node:crypto';

const [baseUrl, adminToken] = process.argv.slice(2);
const wsBase = baseUrl.replace(/^http/, 'ws');

// Every payload, if it ran, sets window.xssFired or opens a dialog. Ids are 20 characters on the wire.
const PAYLOADS = {
  userAgent: `Mozilla/5.0 <img src=x onerror="xssFired='user-agent';alert(1)"></script><script>xssFired='ua'</script>`,
  origin: `javascript:xssFired='origin'//"><img src=x onerror=alert(1)>`,
  peerId: '<svg onload=alert()>',
  otherPeerId: 'javascript:alert(1)/',
  infoHash: '</script><script>x=1',
  chat: `<img src=x onerror="xssFired='chat';alert(2)"></script><script>xssFired='chat'</script> javascript:alert(3)`,
};
// Pieces of markup that may appear on a page only inside a whole payload shown as text.
const FRAGMENTS = ['onerror=', 'onload=', '<script>', '</script>', 'javascript:', '<img', '<svg'];

const room = `hostile-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const roomHash = createHash('sha1').update(room).digest().toString('latin1');
// The admin API (and so the console) names info_hashes and peer_ids by their 40 hex digits.
const hex = (id) => Buffer.from(id, 'latin1').toString('hex');
const HEX = { room: hex(roomHash), peerId: hex(PAYLOADS.peerId), otherPeerId: hex(PAYLOADS.otherPeerId),
  infoHash: hex(PAYLOADS.infoHash) };
const consoleSeen = { views: [], events: [] };

/**
 * The pages opened after the hostile clients have connected. To add one, add an entry: its path, and `ready`,
 * which waits until the page shows what it shows (logging in first if it must). An entry with `before` is opened
 * before the clients connect instead; `before` runs then, and `ready` after they have connected.
 */
const PAGES = [
  { name: 'dashboard', path: '/',
    ready: (page) => page.waitForFunction(() => document.getElementById('health').textContent !== 'checking…'
      && Number(document.getElementById('fig-sockets').dataset.raw || 0) >= 4, null, { timeout: 20000 }) },
  { name: 'stats', path: '/stats', ready: (page) => page.waitForSelector('table.stats') },
  { name: 'console', path: '/admin.html',
    before: async (page) => {
      await page.fill('#token', adminToken);
      await page.click('#login-form button[type=submit]');
      await page.waitForFunction(() => document.getElementById('stream').textContent.includes('live'), null, { timeout: 20000 });
    },
    // Each hostile peer's room, opened from the rooms list: its peer row, and the joins the event stream told.
    ready: async (page) => {
      for (const [roomHex, peerHex] of [[HEX.room, HEX.peerId], [HEX.infoHash, HEX.otherPeerId]]) {
        await page.locator('#rooms tbody tr', { hasText: roomHex }).locator('button').click({ timeout: 20000 });
        await page.waitForFunction((h) => document.getElementById('room-hash').textContent === h, roomHex, { timeout: 20000 });
        const row = page.locator('#peers tbody tr', { hasText: peerHex });
        await row.waitFor({ timeout: 20000 });
        consoleSeen.views.push({ room: await page.textContent('#room-hash'), peerCells: await row.locator('td').allTextContents() });
      }
      await page.waitForFunction((ids) => ids.every((id) => document.getElementById('events').textContent.includes(id)),
        [HEX.peerId, HEX.otherPeerId], { timeout: 20000 });
      consoleSeen.events = await page.locator('#events li').allTextContents();
    } },
];

const browser = await launchChromium();
const { context } = browser;
// Before any of the page's own script: CSP violations are events in the page, not always console messages.
await context.addInitScript(() => {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
  });
});

const watched = new Map();
async function open(name, path) {
  const page = await context.newPage();
  const seen = { consoleErrors: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) {
      seen.consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => seen.consoleErrors.push(error.message));
  page.on('dialog', (dialog) => { seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`); dialog.dismiss(); });
  watched.set(name, { page, seen });
  await page.goto(baseUrl + path);
  return page;
}

/** What a page shows and what ran there. */
async function report(name) {
  const { page, seen } = watched.get(name);
  await page.waitForTimeout(300); // an onerror fires after the image fails to load
  const state = await page.evaluate(() => ({
    marker: typeof window.xssFired === 'undefined' ? null : String(window.xssFired),
    injected: document.querySelectorAll('img, svg, iframe, object, embed, script:not([src])').length,
    text: document.body.innerText,
    violations: window.cspViolations,
    // attributes that would run script when followed or loaded: a `javascript:` peer_id must never become a link
    scriptUrls: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
      .flatMap((e) => ['href', 'src', 'action', 'formaction'].map((a) => e.getAttribute(a)))
      .filter((v) => v !== null && /^\s*(javascript|data|vbscript):/i.test(v)),
  }));
  let rest = state.text;
  const shown = {};
  for (const [key, payload] of Object.entries(PAYLOADS)) {
    shown[key] = rest.includes(payload);
    rest = rest.split(payload).join('');
  }
  const shownHex = Object.fromEntries(Object.entries(HEX).map(([key, id]) => [key, state.text.includes(id)]));
  return { marker: state.marker, injected: state.injected, violations: state.violations, dialogs: seen.dialogs,
    consoleErrors: seen.consoleErrors, scriptUrls: state.scriptUrls, shown, shownHex,
    partial: FRAGMENTS.filter((f) => rest.includes(f)) };
}

/** A raw client with hostile handshake headers; resolves once the tracker has answered its first announce. */
function hostileClient(announce) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsBase}/announce`, { headers: { 'User-Agent': PAYLOADS.userAgent, Origin: PAYLOADS.origin } });
    const timer = setTimeout(() => reject(new Error('no answer to the hostile announce')), 10000);
    socket.on('open', () => socket.send(JSON.stringify({ action: 'announce', event: 'started', uploaded: 0,
      downloaded: 0, left: 0, ...announce })));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message['failure reason']) reject(new Error(message['failure reason']));
      if (message.action === 'announce' && message.interval !== undefined) { clearTimeout(timer); resolve(socket); }
    });
    socket.on('error', reject);
  });
}

async function run() {
  const result = { pages: {}, payloads: PAYLOADS, hex: HEX, console: consoleSeen };
  for (const { name, path, before } of PAGES.filter((p) => p.before)) {
    await before(await open(name, path));
  }
  // Two tabs of the demo room meet (directly or through the relay, as ICE finds), and chat a payload.
  const tabs = [];
  for (const label of ['a', 'b']) {
    tabs.push(await open(`room-${label}`, `/room.html?${new URLSearchParams({ room, autojoin: '1' })}`));
  }
  for (const tab of tabs) {
    await tab.waitForFunction(() => window.rendezvousRoom.openPeers().length >= 1, null, { timeout: 40000, polling: 100 });
  }
  await tabs[0].fill('#message', PAYLOADS.chat);
  await tabs[0].click('#send');
  await tabs[1].waitForFunction((n) => window.rendezvousRoom.messages.length >= n, 1, { timeout: 10000 });

  // A stranger offers a real session description into the room under a hostile peer_id: each tab lists it.
  const sdp = await tabs[0].evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    pc.close();
    return offer.sdp;
  });
  const offer = (id) => ({ offer_id: id.repeat(20), offer: { type: 'offer', sdp } });
  const clients = [
    await hostileClient({ info_hash: roomHash, peer_id: PAYLOADS.peerId, numwant: 2, offers: [offer('a'), offer('b')] }),
    await hostileClient({ info_hash: PAYLOADS.infoHash, peer_id: PAYLOADS.otherPeerId, numwant: 0 }),
  ];
  for (const tab of tabs) {
    await tab.waitForFunction((id) => [...document.querySelectorAll('#peers code')].some((c) => c.textContent === id),
      PAYLOADS.peerId, { timeout: 15000, polling: 100 });
  }
  result.peerRows = await Promise.all(tabs.map((tab) => tab.evaluate(() =>
    [...document.querySelectorAll('#peers code')].map((c) => c.textContent))));
  result.chatLines = await tabs[1].evaluate(() => [...document.querySelectorAll('#log > div')].map((d) => d.textContent));

  for (const { name, path, ready, before } of PAGES) {
    await ready(before ? watched.get(name).page : await open(name, path));
  }
  for (const name of watched.keys()) result.pages[name] = await report(name);

  // The control: markup forced into a page the way a careless page would insert it. The policy must stop its
  // handler, and the watchers above must see that happen; otherwise their silence proves nothing.
  const control = await open('control', '/stats');
  await control.evaluate(() => {
    const box = document.createElement('div');
    box.innerHTML = '<img src="no-such-image" onerror="xssFired=\'control\'">';
    document.body.append(box);
  });
  await control.waitForFunction(() => window.cspViolations.length > 0, null, { timeout: 5000 }).catch(() => {});
  result.control = await report('control');
  clients.forEach((client) => client.close());
  return result;
}

let output;
try {
  output = await run();
} catch (error) {
  output = { error: String(error && error.stack || error) };
} finally {
  await browser.close();
}
console.log(JSON.stringify(output));
