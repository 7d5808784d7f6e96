import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { axeRuns, expectNoAxeViolations } from './support/axe.ts';

/** The check every journey relies on: it finds a real problem, and a page checked once is not trusted blindly. */
describe('the accessibility check', () => {
  let browser: Browser;
  let page: Page;
  const clean = (body: string, hidden = 'a') =>
    `<!doctype html><html lang="en"><head><title>A page</title></head><body><main><h1>A page</h1>` +
    `<form method="post"><input type="hidden" name="_csrf" value="${hidden}">${body}</form></main></body></html>`;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('fails a page with a problem, every time it is checked', async () => {
    const withProblem = clean('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">');
    for (let time = 0; time < 2; time += 1) {
      await page.setContent(withProblem);
      await expect(expectNoAxeViolations(page)).rejects.toThrow(/image-alt/);
    }
  });

  it('checks a page again when anything but a hidden value or a nonce has changed', async () => {
    await page.setContent(clean('<p>Fine</p>', 'first token'));
    await expectNoAxeViolations(page);
    // The same page with a new token: the same page to axe.
    await page.setContent(clean('<p>Fine</p>', 'second token'));
    await expectNoAxeViolations(page);
    // The same page with a field that has no label: checked again, and failed.
    await page.setContent(clean('<p>Fine</p><input type="text" name="name">', 'second token'));
    await expect(expectNoAxeViolations(page)).rejects.toThrow(/label/);
  });

  it("does not check a signed-in page again for its session-timeout dialog's new token and seconds left", async () => {
    // Every signed-in page carries them (src/platform/views/templates/_session-timeout.njk), new on every response.
    const signedIn = (token: string, seconds: number) =>
      clean(
        `<p>Fine</p><div class="hearth-session-timeout" data-hearth-session-timeout data-remaining-seconds="${seconds}" ` +
          `data-warning-seconds="120" data-csrf="${token}"></div>`,
        token,
      );
    await page.setContent(signedIn('first token', 1799));
    await expectNoAxeViolations(page);
    const before = axeRuns();
    await page.setContent(signedIn('second token', 1798));
    await expectNoAxeViolations(page);
    expect(axeRuns()).toBe(before);
    // Any other attribute is part of the page: checked again.
    await page.setContent(
      signedIn('second token', 1798).replace('data-warning-seconds="120"', 'data-warning-seconds="60"'),
    );
    await expectNoAxeViolations(page);
    expect(axeRuns()).toBe(before + 1);
  });

  it('checks the same page again at another width', async () => {
    // Pale text on a phone's width only: clean at 1280 px, a contrast failure at 390 px.
    const paleOnPhones = clean('<style>@media (max-width: 500px) { p { color: #ddd; } }</style><p>Fine</p>');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.setContent(paleOnPhones);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 900 });
    await expect(expectNoAxeViolations(page)).rejects.toThrow(/color-contrast/);
  });
});
