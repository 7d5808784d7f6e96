import path from 'node:path';
import { newSubmissionKey } from '../http/once.ts';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
const SRC = fileURLToPath(new URL('../../', import.meta.url));

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // h12, not hour12: en-GB's 12-hour clock is h11, which writes 12:04pm as 0:04pm.
  hourCycle: 'h12',
});

/** Nunjucks' own escape, the one its autoescaping uses (@types/nunjucks leaves `lib` out). */
const { lib } = nunjucks as unknown as { lib: { escape(value: string): string } };
/**
 * Escapes any value as HTML text, whether or not it was marked safe: stored text is never markup. The same escape
 * as autoescaping (& < > " ' and also \ as &#92;), so text reads the same whichever way it reached the page.
 */
export const escapeHtml = (value: unknown) => lib.escape(String(value ?? ''));

/**
 * Text someone typed over several lines, as HTML: escaped first, then blank lines make paragraphs
 * and single line breaks <br>. The one way templates show multi-line stored text (issue 11, item 1).
 */
export function multiline(value: unknown): nunjucks.runtime.SafeString {
  const text = String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .trim();
  if (!text) return new nunjucks.runtime.SafeString('');
  const paragraphs = text
    .split(/\n[ \t]*\n\s*/)
    .map((p) => `<p class="govuk-body">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return new nunjucks.runtime.SafeString(paragraphs.join(''));
}

/** A GOV.UK link whose text is stored text: `family.name | link('/families/' + family.id)`. */
export const link = (text: unknown, href: string, classes = '') =>
  new nunjucks.runtime.SafeString(
    `<a class="govuk-link${classes ? ` ${escapeHtml(classes)}` : ''}" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`,
  );

/** Stored text with a visually hidden ending for screen readers: `'Same person' | withHidden(': ' + name)`. */
export const withHidden = (text: unknown, hidden: unknown) =>
  new nunjucks.runtime.SafeString(
    `${escapeHtml(text)}<span class="govuk-visually-hidden">${escapeHtml(hidden)}</span>`,
  );

/**
 * A phone number as a link a phone can call: `hub.phone | tel`. The href keeps only digits and a leading +
 * (what the tel: scheme allows); the text is the number as written. Not a number: the text alone.
 */
export const tel = (value: unknown) => {
  const text = String(value ?? '').trim();
  const dial = text.replace(/(?!^\+)[^\d]/g, '');
  if (dial.replace('+', '').length < 3) return new nunjucks.runtime.SafeString(escapeHtml(text));
  return new nunjucks.runtime.SafeString(
    `<a class="govuk-link" href="tel:${escapeHtml(dial)}">${escapeHtml(text)}</a>`,
  );
};

/**
 * Templates are found by path from src/platform and src/modules, so a module's view is named
 * "<module>/views/<page>.njk" and a platform one "views/templates/<page>.njk": no two collide.
 * Autoescaping is on: user text is always escaped on output. A macro's `html:` parameter is output raw,
 * so templates never build it by concatenating stored text: they use the filters below (multiline, link,
 * withHidden) or a {% set %} block, and src/platform/views/templates.test.ts refuses `| escape` and `+` in
 * an `html:` value.
 */
export function createNunjucks(): nunjucks.Environment {
  const govuk = path.dirname(require.resolve('govuk-frontend/package.json'));
  const moj = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [path.join(SRC, 'platform'), path.join(SRC, 'modules'), path.join(govuk, 'dist'), moj],
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('date', (value: Date | string | null | undefined) => (value ? londonDate.format(new Date(value)) : ''));
  env.addFilter('dateTime', (value: Date | string | null | undefined) =>
    value ? londonDateTime.format(new Date(value)).replace(' am', 'am').replace(' pm', 'pm') : '',
  );
  // A fresh one-time submission key each time a create form is drawn (platform/http/once.ts).
  env.addGlobal('submissionKey', newSubmissionKey);
  env.addFilter('multiline', multiline);
  env.addFilter('link', link);
  env.addFilter('withHidden', withHidden);
  env.addFilter('tel', tel);
  // GOV.UK Frontend trims whole blocks of markup (the page template trims the body to see whether it is empty).
  // Nunjucks' own trim, /^\s*|\s*$/g, retries its `\s*$` at every whitespace run, so its time grows with the block's
  // length times its whitespace: on a long page it was a tenth of the server's time. String.prototype.trim removes the
  // same characters (ECMAScript's \s is exactly what trim removes) in one pass. Safe strings stay safe, as before.
  env.addFilter('trim', trim);
  return env;
}

/** Nunjucks' `trim` filter in linear time: the same result, a safe string kept safe. */
export function trim(value: unknown): unknown {
  if (value instanceof nunjucks.runtime.SafeString) return new nunjucks.runtime.SafeString(value.toString().trim());
  return typeof value === 'string' ? value.trim() : value;
}
