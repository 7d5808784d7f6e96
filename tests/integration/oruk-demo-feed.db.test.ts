import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORUK_STANDARD } from '../helpers/standards.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The demonstration directory as a feed-quality tester (such as the family hubs data tester) sees it
 * through the Open Referral UK API: every public service valid against the standard and usable —
 * a name, a description, a web address and an email address a family can use.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
for (const dir of ['schema', 'schema/compiled'])
  for (const file of readdirSync(path.join(ORUK_STANDARD, dir)).filter(
    (f) => f.endsWith('.json') && f !== 'openapi.json',
  ))
    ajv.addSchema(
      JSON.parse(readFileSync(path.join(ORUK_STANDARD, dir, file), 'utf8')),
      dir === 'schema' ? file : `compiled/${file}`,
    );

interface OrukService {
  id: string;
  name: string;
  description?: string;
  url?: string;
  email?: string;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await t.services.directory.seedDemoServices('essex')).toBeGreaterThan(40);
});
afterAll(async () => t?.close());

describe('the demonstration feed', () => {
  it('publishes every public demo service as usable: url, email, name and description, valid ORUK', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/oruk/services?per_page=500&full=true' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ total_items: number; contents: OrukService[] }>();
    expect(body.total_items).toBeGreaterThan(40);
    expect(body.contents).toHaveLength(Math.min(body.total_items, 100));
    const validate = ajv.getSchema('compiled/service.json')!;
    const usable = body.contents.filter(
      (s) => validate(s) && s.name && s.description && /^https:\/\//.test(s.url ?? '') && /@/.test(s.email ?? ''),
    );
    const unusable = body.contents.filter((s) => !usable.includes(s)).map((s) => s.name);
    // NHS 111, CAMHS crisis care, children's social care and the SARC give a phone number only (the
    // UK profile publishes no contact phone), so they have a web address but no email.
    expect(
      unusable.every((name) =>
        /NHS 111|CAMHS crisis|social care|Sexual Assault|Libraries|leisure|Local Offer|early education|holiday activities/.test(
          name,
        ),
      ),
      unusable.join(', '),
    ).toBe(true);
    expect(
      body.contents.every((s) => /^https:\/\//.test(s.url ?? '')),
      'every service has a url',
    ).toBe(true);
    expect(usable.length).toBeGreaterThanOrEqual(body.contents.length - 10);
  });

  it('publishes the service email from its first contact when the entry has none of its own', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/oruk/services?search=Greenstead' })).json<{
      contents: OrukService[];
    }>();
    expect(list.contents[0]).toMatchObject({ email: 'ecfws@essex.example' });
  });
});
