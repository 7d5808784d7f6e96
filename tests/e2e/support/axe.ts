import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// The minified build: the same rules, and about half the time to inject on every page.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Pages already checked and found clean in this test worker, by their markup and viewport. Every page a journey
 * reaches is checked, so the sign-in, two-factor and other pages every journey passes through were checked again and
 * again with the same result: axe was about a fifth of the browser journeys' CPU time. The same markup at the same
 * size, with the same stylesheets and fonts, is the same page to axe, so it is checked once. What differs from one
 * visit to the next without changing what axe sees is left out of the comparison: hidden inputs' values (CSRF
 * tokens, one-time submission keys), nonces, and the session-timeout dialog's token and seconds left
 * (`PER_REQUEST_ATTRIBUTES`; every signed-in page has them, so until they were left out no signed-in page was ever
 * found again). Anything else that differs (a name, an error, an opened details) makes it a new page, checked in full.
 */
const checkedClean = new Set<string>();

/** Attributes whose value is new on every response and means nothing to axe (no style or role depends on them). */
const PER_REQUEST_ATTRIBUTES = ['nonce', 'data-csrf', 'data-remaining-seconds'];

let runs = 0;
/** How many times axe itself has run in this worker (for the test of the check). */
export const axeRuns = (): number => runs;

/** The page's markup (less hidden inputs' values and the per-request attributes) and viewport, as a hash. */
async function pageKey(page: Page): Promise<string> {
  const markup = await page.evaluate((perRequest) => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const input of copy.querySelectorAll('input[type=hidden]')) input.removeAttribute('value');
    for (const name of perRequest) {
      for (const element of copy.querySelectorAll(`[${name}]`)) element.removeAttribute(name);
    }
    return `${window.innerWidth}x${window.innerHeight} ${copy.outerHTML}`;
  }, PER_REQUEST_ATTRIBUTES);
  return createHash('sha256').update(markup).digest('hex');
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs axe-core's WCAG 2.2 AA rules on the page and fails with a readable list.
 *
 * Two choices here differ from the usual `addScriptTag({ path })`:
 *  - the app's Content-Security-Policy rightly blocks inline scripts, so axe is evaluated through
 *    the DevTools protocol instead (which CSP does not govern), keeping CSP switched on in tests;
 *  - with JavaScript disabled Chromium never fires timers, and axe waits on setTimeout between
 *    rules. For the run only, setTimeout becomes a microtask: the whole run then finishes in one
 *    task, so page scripts (when there are any) never see the swap.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Sizes and spacing (target-size) are measured as laid out: with GOV.UK's font still loading on a busy machine, the
  // fallback font's wider text wrapped the header's links together. Wait for the page's fonts (five seconds at most).
  await Promise.race([
    page.evaluate(() => document.fonts.ready.then(() => undefined)),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  const key = await pageKey(page);
  if (checkedClean.has(key)) return;
  runs += 1;
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations: Violation[] = await page.evaluate(async (tags) => {
    const w = window as unknown as {
      setTimeout: (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => number;
      axe: {
        run: (
          context: Document,
          options: object,
        ) => Promise<{
          violations: {
            id: string;
            impact?: string | null;
            help: string;
            helpUrl: string;
            nodes: { target: unknown[] }[];
          }[];
        }>;
      };
    };
    const realSetTimeout = w.setTimeout;
    w.setTimeout = (fn, _ms, ...args) => {
      void Promise.resolve().then(() => fn(...args));
      return 0;
    };
    try {
      const results = await w.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.slice(0, 3).map((n) => n.target.map(String).join(' ')),
      }));
    } finally {
      w.setTimeout = realSetTimeout;
    }
  }, WCAG_22_AA);
  if (violations.length === 0) {
    checkedClean.add(key);
    return;
  }
  const lines = violations.map(
    (v) =>
      `  - ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}\n      at ${v.targets.join(' | ')}\n      ${v.helpUrl}`,
  );
  throw new Error(
    `Accessibility (axe, WCAG 2.2 AA) found ${violations.length} problem(s) on ${page.url()}:\n${lines.join('\n')}`,
  );
}
