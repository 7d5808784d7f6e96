import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient } from './http-client.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * What the missing scrutiny and closing tests share: an app with a police API token, the Hub, the Missing
 * Co-ordinator and a teacher signed in (in \`ctx\` once \`useMissingApp()\` has set them up), and police
 * notifications about a child by date of birth.
 */
export const ctx = {} as { t: TestApp; token: string; hub: TestClient; coordinator: TestClient; teacher: TestClient };

export function useMissingApp() {
  beforeAll(async () => {
    ctx.t = await createTestApp();
    ctx.token = (
      await ctx.t.services.apiClients.create(
        { userId: null, label: 'test' },
        { name: 'Essex Police', organisationCode: 'essex-police' },
      )
    ).token;
    ctx.hub = await signedIn('hub.practitioner@essex.example');
    ctx.coordinator = await signedIn('missing.coordinator@essex.example');
    ctx.teacher = await signedIn('teacher@essex.example');
  });
  afterAll(() => ctx.t?.close());
}

export async function signedIn(email: string) {
  const client = new TestClient(ctx.t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
export const nextRef = () => `SC/${String(++serial).padStart(5, '0')}/26`;
/** A report about a child born on `dob` (undefined: not known), missing from home on 30 November 2026. */
export const report = (first: string, dob: string | undefined, missing: Record<string, unknown> = {}) => ({
  police_reference: nextRef(),
  incident_date: '2026-11-30',
  concern_category: 'missing',
  summary: 'Did not come home from school.',
  district: 'chelmsford',
  officer: { name: 'PC Amy Clarke' },
  children: [{ first_name: first, last_name: 'Scrutiny', ...(dob ? { date_of_birth: dob } : {}), gender: 'F' }],
  missing: {
    event: 'report',
    missing_from: 'home',
    reported_at: '2026-11-30T19:30',
    reported_by: 'Mother, by phone',
    risk_grading: 'medium',
    ...missing,
  },
});

export const send = (...notifications: unknown[]) =>
  ctx.t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ notifications }),
  });

/** Sends the report and returns its episode. */
export async function episodeOf(n: ReturnType<typeof report>) {
  expect((await send(n)).json()).toMatchObject({ created: 1 });
  return ctx.t.database.db
    .selectFrom('missing_episodes')
    .selectAll()
    .where('episode_reference', '=', n.police_reference)
    .executeTakeFirstOrThrow();
}

/** The police send the child's return on the same episode. */
export const returned = (n: ReturnType<typeof report>) =>
  send({
    ...n,
    police_reference: nextRef(),
    missing: {
      ...n.missing,
      event: 'return',
      episode_reference: n.police_reference,
      returned_at: '2026-12-01T08:15',
      returned_where: 'Home',
    },
  });

export const eventsFor = (id: string) =>
  ctx.t.database.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('subject_id', '=', id)
    .orderBy('seq')
    .execute();

export const keyOf = (body: string) => /name="submissionKey" value="([^"]+)"/.exec(body)![1]!;
export const versionOf = (body: string) => /name="version" value="([^"]+)"/.exec(body)![1]!;

/** A good scrutiny, with the key of the form just fetched. */
export const goodScrutiny = (key: string, over: Record<string, string> = {}) => ({
  submissionKey: key,
  findings: 'Went to a friend’s house after school; the friend’s parent brought her home.',
  action1What: 'Talk to the school about the friendship',
  action1Who: 'Missing Co-ordinator',
  'action1By-day': '1',
  'action1By-month': '3',
  'action1By-year': '2030',
  action2What: 'Safety plan with the family',
  action2Who: 'Hub social worker',
  'action2By-day': '15',
  'action2By-month': '3',
  'action2By-year': '2030',
  referralNeeded: 'no',
  ...over,
});
