// Debian's Chromium through playwright-core, headless on a throw-away profile: how every browser test here starts it.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--allow-loopback-in-peer-connection'];

/**
 * A persistent context on a fresh profile; options are launchPersistentContext's and override the defaults.
 * close() closes the browser and removes the profile.
 */
export async function launchChromium(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'rendezvous-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
