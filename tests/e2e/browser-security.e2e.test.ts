import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';

/** Journeys see the browser's security as a person's browser has it: the same-origin policy is on. */
describe('the journeys’ browser', () => {
  let browser: Browser;
  const servers: Server[] = [];
  const serve = async (body: string, type: string) => {
    const server = createServer((_request, response) => response.writeHead(200, { 'content-type': type }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) server.close();
  });

  it('refuses a page one site’s answer from another site that does not allow it', async () => {
    const other = await serve('a secret', 'text/plain');
    const site = await serve('<!doctype html><title>A site</title>', 'text/html');
    const page = await browser.newPage();
    await page.goto(site);
    const read = await page.evaluate(
      (url) =>
        fetch(url).then(
          (response) => response.text(),
          (error: Error) => `refused: ${error.name}`,
        ),
      other,
    );
    expect(read).toBe('refused: TypeError');
    // The same answer from the page's own site is read.
    expect(await page.evaluate((url) => fetch(url).then((response) => response.text()), site)).toContain('A site');
  });
});
