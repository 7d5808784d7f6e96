import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * GOV.UK Frontend's and MoJ Frontend's built styles, scripts, fonts and images, and Hearth's own (public/), open to
 * all. Registered before the session and user hooks, so a file never touches the database.
 */
export async function registerStaticFiles(app: FastifyInstance, config: Pick<Config, 'production' | 'env'>) {
  const govuk = path.dirname(require.resolve('govuk-frontend/package.json'));
  const moj = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));
  // Development revalidates each file (an edit shows on reload); tests cache for an hour, production for a day.
  const maxAge = config.production ? '1d' : config.env === 'test' ? '1h' : 0;
  const immutable = { maxAge, cacheControl: true, decorateReply: false, wildcard: false };
  await app.register(async (files) => {
    // Static files are open to all: declared once for every file route these plugins add.
    files.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: { public: 'static files (styles, scripts, fonts, images)' } };
    });
    await files.register(fastifyStatic, {
      root: [path.join(govuk, 'dist/govuk/assets'), path.join(moj, 'moj/assets')],
      prefix: '/assets/',
      ...immutable,
    });
    await files.register(fastifyStatic, {
      root: path.join(govuk, 'dist/govuk'),
      prefix: '/govuk/',
      allowedPath: (p) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(p),
      ...immutable,
    });
    await files.register(fastifyStatic, {
      root: path.join(moj, 'moj'),
      prefix: '/moj/',
      allowedPath: (p) => /^\/moj-frontend\.min\.(css|js)(\.map)?$/.test(p),
      ...immutable,
    });
    await files.register(fastifyStatic, { root: path.join(ROOT, 'public'), prefix: '/public/', ...immutable });
  });
}
