import { existsSync } from 'node:fs';

/**
 * Runs once before the browser journeys. Without a system Chromium, the one from @sparticuz/chromium is unpacked
 * into the temp folder on first use: doing it here, once, keeps journeys running side by side from unpacking it
 * over each other.
 */
export default async function setup(): Promise<void> {
  if (existsSync('/usr/bin/chromium')) return;
  const sparticuz = (await import('@sparticuz/chromium')).default;
  await sparticuz.executablePath();
}
