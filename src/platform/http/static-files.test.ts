import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../config.ts';
import { registerStaticFiles } from './static-files.ts';

/** Each address's status and Cache-Control, from one app (registering the files lists GOV.UK Frontend's folders). */
async function fetchAll(config: Pick<Config, 'production' | 'env'>, urls: string[]) {
  const app = Fastify();
  await registerStaticFiles(app, config);
  const answers = [];
  for (const url of urls) {
    const response = await app.inject({ method: 'GET', url });
    answers.push({ url, status: response.statusCode, cacheControl: response.headers['cache-control'] });
  }
  await app.close();
  return answers;
}

describe('static files', () => {
  it('serve the built GOV.UK and MoJ files and Hearth’s own, kept a day in production, and nothing else', async () => {
    expect(
      await fetchAll({ production: true, env: 'production' }, [
        '/govuk/govuk-frontend.min.css',
        '/public/application.js',
        '/assets/images/favicon.svg',
        '/govuk/all.scss',
        '/moj/all.scss',
        '/public/../package.json',
      ]),
    ).toEqual([
      { url: '/govuk/govuk-frontend.min.css', status: 200, cacheControl: 'public, max-age=86400' },
      { url: '/public/application.js', status: 200, cacheControl: 'public, max-age=86400' },
      { url: '/assets/images/favicon.svg', status: 200, cacheControl: 'public, max-age=86400' },
      { url: '/govuk/all.scss', status: 404, cacheControl: undefined },
      { url: '/moj/all.scss', status: 404, cacheControl: undefined },
      { url: '/public/../package.json', status: 404, cacheControl: undefined },
    ]);
  });

  it('are kept an hour in tests and asked for again in development (an edit shows on reload)', async () => {
    const [inTests] = await fetchAll({ production: false, env: 'test' }, ['/public/application.js']);
    const [inDevelopment] = await fetchAll({ production: false, env: 'development' }, ['/public/application.js']);
    expect(inTests?.cacheControl).toBe('public, max-age=3600');
    expect(inDevelopment?.cacheControl).toBe('public, max-age=0');
  });
});
