// Drives Debian's Chromium (through playwright-core) through the admin console (/admin.html) of a running Rendezvous,
// for AdminIT. Usage: node admin-console.mjs <baseUrl> <token> <screenshot path>
// A peer joins (npm ws, with a User-Agent that carries markup) after the console is open: the console must show it
// from the event stream alone, as text; the operator then kicks it (confirming the dialog), and the console must
// show the kick. Every Content-Security-Policy violation becomes a console error, which AdminIT fails on (as BrowserIT
// and PagesIT do). Prints one JSON object with what happened.
import { launchChromium } from './chromium.mjs';
import WebSocket from 'ws';

const [baseUrl, token, screenshot] = process.argv.slice(2);
const infoHash = 'ac' + '12'.repeat(19);
const peerId = 'ac' + '34'.repeat(19);
const userAgent = 'ConsoleIT/1.0 <img src=x onerror="window.__xss=1">';
const latin1 = (hex) => Buffer.from(hex, 'hex').toString('latin1');
const out = { consoleErrors: [], dialogs: [] };
const browser = await launchChromium({
  viewport: { width: 1500, height: 1100 },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const { context } = browser;
// Before any of the page's own script: CSP violations are events in the page, not always console messages.
await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
  console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`)));
let peer;
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) out.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => out.consoleErrors.push(e.message));
  page.on('dialog', async (dialog) => { out.dialogs.push(dialog.message()); await dialog.accept(); });
  out.actions = [];
  page.on('response', (r) => { if (r.request().method() !== 'GET') out.actions.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`); });
  page.on('requestfailed', (r) => out.actions.push(`${r.method()} ${new URL(r.url()).pathname} failed: ${r.failure()?.errorText}`));

  await page.goto(`${baseUrl}/admin.html`);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nodes tbody tr td', { timeout: 20000 });
  await page.waitForFunction(() => document.getElementById('stream').textContent.includes('live'), null, { timeout: 20000 });
  out.loggedIn = await page.evaluate(() => !document.getElementById('console').hidden);
  out.tokenKept = await page.evaluate(() => sessionStorage.getItem('rendezvous.admin.token') !== null);

  const joinedAt = Date.now();
  peer = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/announce', { headers: { 'User-Agent': userAgent, 'X-Forwarded-For': '192.0.2.150' } });
  const closed = new Promise((resolve) => peer.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => { peer.on('open', resolve); peer.on('error', reject); });
  peer.send(JSON.stringify({ action: 'announce', info_hash: latin1(infoHash), peer_id: latin1(peerId), numwant: 5, uploaded: 0, downloaded: 0, left: 0, event: 'started', offers: [] }));
  // Only the event stream adds to the events list; the rooms table follows it (or the 10 s refresh, on a slow machine).
  await page.waitForSelector(`#events li[data-event="peer-joined"]`, { timeout: 20000 });
  await page.waitForFunction((hash) => document.getElementById('rooms').textContent.includes(hash), infoHash, { timeout: 20000 });
  out.shownAfterMs = Date.now() - joinedAt;

  const roomRow = page.locator('#rooms tbody tr', { hasText: infoHash });
  await roomRow.locator('button').click();
  const peerRow = page.locator('#peers tbody tr', { hasText: peerId });
  await peerRow.waitFor({ timeout: 10000 });
  out.peerCells = await peerRow.locator('td').allTextContents();
  out.imagesInPeers = await page.locator('#peers img').count();
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  await peerRow.locator('button', { hasText: /^Kick$/ }).click();
  out.closeCode = await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve(null), 30000))]);
  await page.waitForSelector(`#events li[data-event="peer-kicked"]`, { timeout: 30000 });
  await page.waitForFunction((id) => !document.getElementById('peers').textContent.includes(id)
    || document.getElementById('room').hidden, peerId, { timeout: 30000 });
  out.kickedShown = true;
  out.xss = await page.evaluate(() => window.__xss === 1);
  out.events = await page.locator('#events li').allTextContents();
} catch (e) {
  out.error = String(e && e.stack || e);
} finally {
  if (peer) peer.terminate();
  await browser.close();
}
console.log(JSON.stringify(out));
process.exit(out.error ? 1 : 0);
