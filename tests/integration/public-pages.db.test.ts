import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The public pages a parent finds through a web search (home, the directory, a service, "ask for
 * help") describe themselves and may be indexed; every signed-in page stays out of search engines.
 */
let t: TestApp;
let serviceId: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.services.directory.seedDemoServices('essex');
  serviceId = (
    await t.database.db
      .selectFrom('directory_listings')
      .select('service_id')
      .where('name', 'like', 'Greenstead Family Hub%')
      .executeTakeFirstOrThrow()
  ).service_id;
});
afterAll(() => t?.close());

const description = (html: string) => /<meta name="description" content="([^"]*)">/.exec(html)?.[1];
const robots = (html: string) => [...html.matchAll(/<meta name="robots" content="([^"]*)">/g)].map((m) => m[1]);

describe('public pages', () => {
  it.each(['/', '/services', '/services?words=parenting', '/get-help'])(
    '%s has a meta description and may be indexed',
    async (url) => {
      const response = await new TestClient(t.app).get(url);
      expect(response.statusCode).toBe(200);
      expect(description(response.body)?.length).toBeGreaterThan(50);
      expect(robots(response.body)).toEqual(['index, follow']);
    },
  );

  it('a service page is described by its own description', async () => {
    const response = await new TestClient(t.app).get(`/services/${serviceId}`);
    expect(response.statusCode).toBe(200);
    expect(description(response.body)).toMatch(/^Free stay and play sessions/);
    expect(description(response.body)!.length).toBeLessThanOrEqual(160);
    expect(robots(response.body)).toEqual(['index, follow']);
  });

  it('the home page names the area as the tenant file does, not "in Essex County Council"', async () => {
    const { body } = await new TestClient(t.app).get('/');
    expect(body).toContain('Help for children and families in Essex</h1>');
    expect(body).not.toContain('in Essex County Council');
  });

  it('sign-in and every signed-in page stay out of search engines, public pages included', async () => {
    const visitor = new TestClient(t.app);
    expect(robots((await visitor.get('/sign-in')).body)).toEqual(['noindex, nofollow']);
    const user = new TestClient(t.app);
    await user.get('/sign-in');
    expect((await user.post('/sign-in', { email: 'admin@essex.example', password: DEMO_PASSWORD })).statusCode).toBe(
      303,
    );
    for (const url of ['/', '/account', '/services'])
      expect(robots((await user.get(url)).body), url).toEqual(['noindex, nofollow']);
  });
});
