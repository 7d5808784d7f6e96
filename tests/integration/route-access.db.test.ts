import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { UndeclaredRouteError, type DeclaredRoute } from '../../src/platform/http/route-access.ts';
import { SYSTEM_ACTIONS } from '../../src/platform/permissions/policy.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Access is declared, not remembered: every route says who may use it, one hook enforces it, and
 * this walks every registered route to prove it.
 */
let t: TestApp;
let routes: readonly DeclaredRoute[];
beforeAll(async () => {
  t = await createTestApp();
  routes = t.routes();
});
afterAll(() => t.close());

const isStatic = (r: DeclaredRoute) => /^\/(assets|govuk|moj|public)\//.test(r.url);
const kindOf = (r: DeclaredRoute) => (r.access ? Object.keys(r.access).find((k) => k !== 'can') : 'none');

/** The only pages anyone may open without signing in. A new one must be added here on purpose. */
const PUBLIC_PAGES = [
  '/',
  // The outbound social care API's own description (issue 15): no data in it.
  '/api/social-care/openapi.json',
  '/cookies',
  '/accessibility-statement',
  '/health',
  '/sign-in',
  '/sign-in/set-up-two-factor',
  '/sign-in/two-factor',
  '/sign-in/recovery-code',
  '/sign-out',
  '/signed-out',
  '/account/set-password',
  '/services',
  '/services/:id',
];

describe('every route declares its access', () => {
  it('has a declaration on every registered route, of a known kind', () => {
    expect(routes.length).toBeGreaterThan(150);
    for (const route of routes) {
      expect(kindOf(route), `${route.method} ${route.url}`).toMatch(
        /^(public|signedIn|action|anyOf|record|answer|token)$/,
      );
    }
  });

  it('names only actions the policy knows', () => {
    for (const route of routes) {
      const access = route.access as { action?: string; anyOf?: string[] } | undefined;
      for (const action of [access?.action, ...(access?.anyOf ?? [])].filter(Boolean)) {
        expect(SYSTEM_ACTIONS as readonly string[], `${route.method} ${route.url}`).toContain(action);
      }
    }
  });

  it('opens to the public only the pages meant for everyone, the ORUK API, the family’s request and static files', () => {
    const open = routes
      .filter((r) => kindOf(r) === 'public' && !isStatic(r))
      .filter((r) => !r.url.startsWith('/api/oruk') && !r.url.startsWith('/get-help'));
    expect([...new Set(open.map((r) => r.url))].sort()).toEqual([...PUBLIC_PAGES].sort());
  });

  it('gives every record route a locator that finds the record, and every page with an id in it a check', () => {
    for (const route of routes.filter((r) => kindOf(r) === 'record')) {
      const access = route.access as { record: { type: string; find: unknown }; can: string };
      expect(access.record.type, route.url).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(typeof access.record.find).toBe('function');
      expect([
        'record:view',
        'record:edit',
        'record:view-origin',
        'restricted:view',
        'restricted:view-panel',
        'restricted:view-marac',
      ]).toContain(access.can);
    }
    // A restricted record's page is a restricted record route: it tells anyone else only that the record exists.
    const restricted = routes.filter((r) => /^\/exploitation\/concerns\/:id$/.test(r.url) && r.method.includes('GET'));
    expect(restricted.length).toBeGreaterThan(0);
    for (const route of restricted) expect((route.access as { can?: string }).can, route.url).toBe('restricted:view');
    // What a MACE panel holds (MACE 2's quadrant pages and records, a MACE 1 nomination) is for the panel only.
    const panelPages = routes.filter((r) => /^\/mace\/(mace2\/|nominations\/:id)/.test(r.url));
    expect(panelPages.length).toBeGreaterThan(15);
    for (const route of panelPages)
      expect((route.access as { can?: string }).can, `${route.method} ${route.url}`).toBe('restricted:view-panel');
    // A family's pages are always record routes: being signed in, or having a role, is not enough.
    const familyPages = routes.filter((r) => /^\/(families|early-help\/(episodes|plans|meetings))\/:id/.test(r.url));
    expect(familyPages.length).toBeGreaterThan(30);
    for (const route of familyPages) expect(kindOf(route), `${route.method} ${route.url}`).toBe('record');
    // An agency's own return or findings report is an agency-answer route: the policy decides on the agency.
    const answerPages = routes.filter((r) =>
      /^\/audits\/(cycles\/:id\/returns|case-audits\/:id\/findings)\//.test(r.url),
    );
    expect(answerPages.length).toBeGreaterThanOrEqual(6);
    for (const route of answerPages) {
      const access = route.access as { answer?: { type: string; find: unknown }; can?: string };
      expect(kindOf(route), `${route.method} ${route.url}`).toBe('answer');
      expect(typeof access.answer?.find).toBe('function');
      expect(['agency-answer:view', 'agency-answer:correct']).toContain(access.can);
      expect(access.can === 'agency-answer:correct', route.url).toBe(route.url.endsWith('/correct'));
    }
  });

  it('sends an anonymous visitor to sign in from every page that is not public, and refuses API calls without a token', async () => {
    const id = '0190a4d2-6c1e-7d3a-9b4f-2a1c3e5d7f90';
    const gets = routes.filter((r) => r.method.split(',').includes('GET') && !isStatic(r) && !r.url.includes('*'));
    let checked = 0;
    for (const route of gets) {
      const url = route.url.replace(/:[A-Za-z]+/g, id);
      const response = await t.app.inject({ method: 'GET', url });
      const kind = kindOf(route);
      if (kind === 'public') {
        expect(response.statusCode, url).not.toBe(500);
      } else if (kind === 'token') {
        expect(url === '/metrics' ? [200, 401] : [401], url).toContain(response.statusCode);
      } else {
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location, url).toBe('/sign-in');
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(80);
  });
});

describe('a route without a declaration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('stops the app from starting, naming the route; so does a token declaration nothing checks', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false' });
    const { app } = await buildApp({
      config,
      database: db.database,
      tenantName: 'Test',
      extraPages: async (pages) => {
        pages.get('/forgot-its-declaration', async () => 'open to all by mistake');
        pages.get('/api/unchecked', { config: { access: { token: 'nobody checks it' } } }, async () => 'open');
      },
    });
    const failure = await app.ready().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UndeclaredRouteError);
    expect(String(failure)).toContain('/forgot-its-declaration');
    expect(String(failure)).toContain('/api/unchecked');
    expect(String(failure)).not.toContain('/families/:id');
  });
});
