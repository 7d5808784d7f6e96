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

/** A headless Chromium: the system one when installed, else the one unpacked from @sparticuz/chromium. */
export async function launchBrowser(): Promise<Browser> {
  let executablePath = SYSTEM_CHROMIUM;
  let args: string[] = [];
  if (!existsSync(SYSTEM_CHROMIUM)) {
    const sparticuz = (await import('@sparticuz/chromium')).default;
    executablePath = await sparticuz.executablePath();
    args = sparticuz.args;
  }
  return chromium.launch({ executablePath, args: [...args, ...QUIET_FLAGS], headless: true });
}
