import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type ServerOptions, type TestServer } from './server.ts';
import { rememberServer } from './sign-in.ts';

export interface Journey {
  readonly server: TestServer;
  /** A page in a new browser context (its own cookies: another person, or another device). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** One browser and one app (with its own database) for a test file, closed when the file ends. */
export function useJourney(options: ServerOptions = {}): Journey {
  let browser: Browser | undefined;
  let server: TestServer | undefined;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServer(options)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      if (!server) throw new Error('The server starts in beforeAll');
      return server;
    },
    async newPage(options = {}) {
      if (!browser || !server) throw new Error('The browser starts in beforeAll');
      const context = await browser.newContext({ baseURL: server.baseUrl, ...options });
      rememberServer(context, server);
      return context.newPage();
    },
  };
}
