import path from 'node:path';
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

/**
 * Templates are found by path from src/platform and src/modules, so a module's view is named
 * "<module>/views/<page>.njk" and a platform one "views/templates/<page>.njk": no two collide.
 * Autoescaping is on: user text is always escaped on output.
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
  return env;
}
