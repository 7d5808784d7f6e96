import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNunjucks, escapeHtml, multiline, tel } from './nunjucks.ts';

/**
 * Stored text never reaches a page as markup (issue 11, item 1). A macro's `html:` parameter is output raw, so a
 * template that builds it by concatenating text is one forgotten `| escape` (or one misplaced bracket) from a
 * stored injection. These rules keep every template on the safe ways: the multiline, link and withHidden filters,
 * or a {% set %} block, where autoescaping does the work.
 */

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const MARKUP = '<meta http-equiv="refresh" content="0;url=https://example.com"><b>x</b>"><script>x</script>';

async function templates(dir = SRC): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await templates(full)));
    else if (entry.name.endsWith('.njk')) found.push(full);
  }
  return found;
}

/** Each rule: what it refuses, and why. */
const RULES: [RegExp, string][] = [
  [/\|\s*escape\b/, '`| escape` only matters when building HTML by hand: use multiline, link, withHidden or {% set %}'],
  [/'[^'\n]*<[^'\n]*'\s*\+|\+\s*'[^'\n]*<[^'\n]*'/, 'markup concatenated with text: use a {% set %} block or a filter'],
  [/"[^"\n]*<[^"\n]*"\s*\+|\+\s*"[^"\n]*<[^"\n]*"/, 'markup concatenated with text: use a {% set %} block or a filter'],
  [/join\(\s*['"][^'"]*</, 'joining with markup outputs the items raw: loop in a {% set %} block'],
];
/** `| safe` only on markup Hearth made itself. */
const SAFE_ALLOWED = new Set([
  'platform/auth/views/set-up-two-factor.njk',
  // An indicator's SVG chart, drawn by performance/chart.ts with every text in it escaped (escapeHtml).
  'modules/performance/views/indicator.njk',
  'modules/performance/views/board.njk',
  // The Corporate Parenting Panel's charts: the same lineChart (performance/chart.ts), through performance's index.
  'modules/corporate-parenting/views/panel.njk',
]);

describe('templates', () => {
  it('never build html: by concatenating text, and mark nothing safe but what Hearth made', async () => {
    const files = await templates();
    expect(files.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const file of files) {
      const name = path.relative(SRC, file);
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        for (const [pattern, why] of RULES) if (pattern.test(line)) problems.push(`${name}:${i + 1}: ${why}`);
        if (/\|\s*safe\b/.test(line) && !SAFE_ALLOWED.has(name)) problems.push(`${name}:${i + 1}: | safe on text`);
      });
    }
    expect(problems).toEqual([]);
  });
});

describe('the multiline filter', () => {
  it('escapes first, then makes paragraphs of blank lines and <br> of line breaks', () => {
    expect(multiline('One\r\ntwo\n\n  Three').toString()).toBe(
      '<p class="govuk-body">One<br>two</p><p class="govuk-body">Three</p>',
    );
    const out = multiline(`${MARKUP}\nnext`).toString();
    expect(out).not.toContain('<meta');
    expect(out).not.toContain('<b>');
    expect(out).not.toContain('"><script>');
    expect(out).toContain('&lt;meta http-equiv=&quot;refresh&quot;');
    expect(multiline(null).toString()).toBe('');
  });

  it('keeps stored text inert in a macro’s html: and in the link and withHidden filters', () => {
    const env = createNunjucks();
    const page = env.renderString(
      `{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}` +
        `{{ govukSummaryList({ rows: [{ key: { text: 'Why' }, value: { html: (why or 'Not given') | multiline } }] }) }}` +
        `{{ name | link('/families/' + id) }}{{ 'Same person' | withHidden(': ' + name) }}`,
      { why: MARKUP, name: MARKUP, id: '"><b>x</b>' },
    );
    expect(page).not.toContain('<meta');
    expect(page).not.toContain('<b>x</b>');
    expect(page).not.toContain('"><script>');
    expect(page).toContain('href="/families/&quot;&gt;&lt;b&gt;x&lt;/b&gt;"');
  });

  it('escapes as autoescaping does, backslash included, so text reads the same either way', () => {
    const env = createNunjucks();
    const typed = `C:\\temp <b> & "quoted" 'single'`;
    expect(escapeHtml(typed)).toBe(env.renderString('{{ typed }}', { typed }));
    expect(escapeHtml('a\\b')).toBe('a&#92;b');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });

  it('makes phone numbers links a phone can call, and stored text in them inert', () => {
    expect(tel('0345 603 7627').toString()).toBe('<a class="govuk-link" href="tel:03456037627">0345 603 7627</a>');
    expect(tel('+44 (0)1245 123456').toString()).toContain('href="tel:+4401245123456"');
    expect(tel('ext. 12').toString()).toBe('ext. 12');
    expect(tel(null).toString()).toBe('');
    const marked = tel('01245 <b>1</b>"><script>').toString();
    expect(marked).toContain('href="tel:012451"');
    expect(marked).not.toContain('<b>');
    expect(marked).not.toContain('<script>');
  });
});
