// Drives Debian's Chromium (through playwright-core) against a running Rendezvous, for BrowserIT.
// Usage: node browser.mjs <scenario> <baseUrl> [options as JSON]
// Prints one JSON object: what the pages saw, and every console error (CSP violations among them). Scenarios:
//   room       two demo-room pages meet, chat both ways, and report their selected candidate pairs
//              (options: transport, screenshot: a path to keep a dashboard screenshot taken meanwhile)
//   refusals   credentials for an unannounced peer, expired credentials, and another origin's request
//   dashboard  the dashboard alone, once it shows health and a socket (for a server without /metrics and
//              with health elsewhere, as WildFly): what it shows, and the requests that failed
import { launchChromium } from './chromium.mjs';

const [scenario, baseUrl, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson || '{}');
const browser = await launchChromium();
const { context } = browser;
// Content-Security-Policy violations are events in the page; each becomes a console error, which every scenario fails on.
await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
  console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`)));
const consoleErrors = [];
function watch(page, name) {
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(`${name}: ${message.text()}`); });
  page.on('pageerror', (error) => consoleErrors.push(`${name}: ${error.message}`));
  return page;
}

/** In a page: gathers candidates with only the given TURN server and relay policy; returns types and errors. */
async function gatherRelay(page, iceServer) {
  return page.evaluate(async (server) => {
    const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: 'relay' });
    const candidates = [];
    const errors = [];
    pc.addEventListener('icecandidate', (e) => { if (e.candidate) candidates.push(e.candidate.type); });
    pc.addEventListener('icecandidateerror', (e) => errors.push(e.errorCode));
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 8000);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
      });
    });
    pc.close();
    return { candidates, errors };
  }, iceServer);
}

async function room() {
  const result = {};
  let dashboard = null;
  if (options.screenshot) {
    dashboard = watch(await context.newPage(), 'dashboard');
    await dashboard.setViewportSize({ width: 1200, height: 900 });
    await dashboard.goto(`${baseUrl}/`);
    await dashboard.waitForFunction(() => document.getElementById('health').textContent === 'UP', null, { timeout: 20000 });
  }
  const name = `room-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const query = new URLSearchParams({ room: name, relay: '1', autojoin: '1', transport: options.transport || 'udp' });
  const pages = [];
  for (const label of ['a', 'b']) {
    const page = watch(await context.newPage(), `room-${label}`);
    await page.goto(`${baseUrl}/room.html?${query}`);
    pages.push(page);
  }
  for (const page of pages) {
    await page.waitForFunction(() => window.rendezvousRoom.openPeers().length >= 1, null, { timeout: 40000, polling: 100 });
  }
  await pages[0].evaluate(() => window.rendezvousRoom.send('hello from a'));
  await pages[1].evaluate(() => window.rendezvousRoom.send('hello from b'));
  for (const page of pages) {
    await page.waitForFunction(() => window.rendezvousRoom.messages.length >= 1, null, { timeout: 10000, polling: 100 });
  }
  result.received = await Promise.all(pages.map((p) => p.evaluate(() => window.rendezvousRoom.messages.map((m) => m.text))));
  result.peerIds = await Promise.all(pages.map((p) => p.evaluate(() => window.rendezvousRoom.peerId())));
  result.paths = await Promise.all(pages.map((p) => p.evaluate(() => window.rendezvousRoom.paths())));
  result.shownPaths = await Promise.all(pages.map(async (p) => {
    await p.waitForFunction(() => document.querySelector('#peers td.relayed, #peers td.direct'), null, { timeout: 10000 });
    return p.evaluate(() => [...document.querySelectorAll('#peers tr td:nth-child(3)')].map((td) => td.textContent));
  }));
  if (dashboard) {
    // Keep traffic flowing while the dashboard samples, and record what its figures showed.
    const seen = { sockets: 0, peers: 0, allocations: 0, relayed: 0 };
    for (let i = 0; i < 8; i++) {
      await pages[0].evaluate((n) => window.rendezvousRoom.send('x'.repeat(8000) + n), i);
      await dashboard.waitForTimeout(700);
      const figures = await dashboard.evaluate(() => Object.fromEntries(['sockets', 'peers', 'allocations', 'relayed']
        .map((k) => [k, Number(document.getElementById(`fig-${k}`).dataset.raw || 0)])));
      for (const k of Object.keys(seen)) seen[k] = Math.max(seen[k], figures[k]);
    }
    result.dashboard = seen;
    result.dashboardText = await dashboard.evaluate(() => document.querySelector('.figures').innerText);
    await dashboard.screenshot({ path: options.screenshot, fullPage: true });
  }
  for (const page of pages) await page.evaluate(() => document.getElementById('leave-button').click());
  return result;
}

async function refusals() {
  const page = watch(await context.newPage(), 'refusals');
  await page.goto(`${baseUrl}/room.html`);
  const fetchJson = (query) => page.evaluate(async (q) => {
    const response = await fetch(`ice-servers?${q}`);
    return { status: response.status, body: await response.json() };
  }, query);
  const result = {};
  const unannounced = await fetchJson('peer_id=' + '41'.repeat(20));
  result.unannouncedStatus = unannounced.status;
  const turnUdp = (body) => ({ urls: body.iceServers[1].urls.filter((u) => u.includes('transport=udp')),
    username: body.username, credential: body.password });
  result.unannounced = await gatherRelay(page, turnUdp(unannounced.body));
  const expiring = await fetchJson('peer_id=' + '42'.repeat(20) + '&ttl=1');
  await page.waitForTimeout(2100);
  result.expired = await gatherRelay(page, turnUdp(expiring.body));
  // Another origin (localhost is not 127.0.0.1 to a browser) is refused, and cannot read the answer either.
  // Its page is made up here, with no policy, as another site's would be: a page of Rendezvous' own would stop
  // the request itself (connect-src), before the server's origin allowlist could be tested.
  // Not watched: this page's refused fetch logs an error on purpose.
  const other = await context.newPage();
  const otherUrl = baseUrl.replace('127.0.0.1', 'localhost') + '/another-site.html';
  await other.route(otherUrl, (route) => route.fulfill({ contentType: 'text/html',
    body: '<!doctype html><title>another site</title>' }));
  await other.goto(otherUrl);
  result.otherOrigin = await other.evaluate(async (url) => {
    try {
      const response = await fetch(url);
      return `read ${response.status}`;
    } catch (error) {
      return `refused: ${error.message}`;
    }
  }, `${baseUrl}/ice-servers?peer_id=${'43'.repeat(20)}`);
  return result;
}

async function dashboard() {
  const page = watch(await context.newPage(), 'dashboard');
  const failedRequests = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => document.getElementById('health').textContent !== 'checking…'
    && Number(document.getElementById('fig-sockets').dataset.raw || 0) >= 1, null, { timeout: 20000 });
  const shown = await page.evaluate(() => ({
    health: document.getElementById('health').textContent,
    checks: document.getElementById('checks').innerText,
    note: document.getElementById('live-note').textContent,
    figures: Object.fromEntries([...document.querySelectorAll('.figure')].map((figure) =>
      [figure.id.replace('fig-', ''), figure.querySelector('.value').textContent])),
  }));
  return { ...shown, failedRequests };
}

const SCENARIOS = { room, refusals, dashboard };

let output;
try {
  output = await SCENARIOS[scenario]();
  output.consoleErrors = consoleErrors;
} catch (error) {
  output = { error: String(error && error.stack || error), consoleErrors };
} finally {
  await browser.close();
}
console.log(JSON.stringify(output));
