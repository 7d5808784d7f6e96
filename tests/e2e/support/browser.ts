import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

// This machine has no internet: without these Chromium keeps trying to reach Google.
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * @sparticuz/chromium's flags are made for a serverless function, and some of them switch off what a journey should
 * see as a person's browser would: the same-origin policy and the blocking of insecure content. Those are left out.
 * (It still runs as one process, so site isolation, which guards one site's memory from another's, stays off; a
 * journey visits only Hearth.)
 */
const LOOSENED_SECURITY = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
]);

/** A headless Chromium: the system one when installed, else the one unpacked from @sparticuz/chromium. */
export async function launchBrowser(): Promise<Browser> {
  let executablePath = SYSTEM_CHROMIUM;
  let args: string[] = [];
  if (!existsSync(SYSTEM_CHROMIUM)) {
    const sparticuz = (await import('@sparticuz/chromium')).default;
    executablePath = await sparticuz.executablePath();
    args = sparticuz.args.filter((flag) => !LOOSENED_SECURITY.has(flag));
  }
  return chromium.launch({ executablePath, args: [...args, ...QUIET_FLAGS], headless: true });
}
