import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createNunjucks, trim } from './nunjucks.ts';

// Nunjucks' own filter, as it is written in nunjucks/src/filters.js, to compare against.
const nunjucksTrim = (value: string) => value.replace(/^\s*|\s*$/g, '');

describe('the trim filter', () => {
  it('gives what nunjucks’ own trim gives, for every kind of whitespace at either end', () => {
    const samples = [
      '',
      '   ',
      'text',
      '  text  ',
      '\n\t\r\v\f text \u00a0\u2028\u2029\u202f\u205f\u3000\ufeff',
      '\u1680\u2000\u200a  a  b  \n  c \u2003',
      '<div>\n      <p>  inner  </p>\n    </div>\n\n',
      ' \u200b zero width is not whitespace \u200b ',
    ];
    for (const sample of samples) expect(trim(sample)).toBe(nunjucksTrim(sample));
  });

  it('keeps markup it was given as safe still safe, and text as text (escaped on output)', () => {
    const env = createNunjucks();
    expect(
      env.renderString('{{ html | safe | trim }}|{{ text | trim }}', { html: '  <b>b</b>  ', text: ' <b> ' }),
    ).toBe('<b>b</b>|&lt;b&gt;');
    expect(trim(new nunjucks.runtime.SafeString('  <i>x</i> '))).toBeInstanceOf(nunjucks.runtime.SafeString);
  });

  it('gives the same for a long page body indented on every line, as GOV.UK Frontend’s template trims', () => {
    // The case the filter is replaced for: nunjucks' own retries its `\s*$` at every whitespace run. The time it saves
    // is shown by the server's CPU profile (bench:load), never asserted here.
    const page = `${'<p class="govuk-body">\n' + ' '.repeat(40) + 'words  \n'}`.repeat(5000);
    expect(trim(`\n  ${page}  \n`)).toBe(nunjucksTrim(`\n  ${page}  \n`));
  });
});
