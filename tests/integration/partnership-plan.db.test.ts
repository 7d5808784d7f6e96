import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The partnership plan (issue 14): the Essex plan seeded from config/tenants/essex/plan.json (three versions in the
 * seeds' words), the service other modules use (describe, findAction), delivery actions with dated RAG updates and
 * optimistic locking, Locality Children's Partnerships' local action plans, yearly priority reviews, and the bad
 * input the brief names: no owner, an impossible date, markup and NUL, two editors at once, an unknown code, ten
 * identical submits.
 */

let t: TestApp;
let analyst: TestClient;
let manager: TestClient;
let member: TestClient;
let signIns = 0;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const version = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!;
const [year, month, day] = todayInLondon().split('-') as [string, string, string];
const actionFields = (over: Record<string, string> = {}) => ({
  title: 'Publish one parenting offer for Essex families on the Essex Effective Support website',
  ownerName: 'Priya Shah',
  ownerOrganisation: 'Essex County Council',
  'dueOn-day': String(Number(day)),
  'dueOn-month': String(Number(month)),
  'dueOn-year': String(Number(year) + 1),
  rag: 'green',
  itemCode: '',
  ...over,
});
const updateFields = (html: string, over: Record<string, string> = {}) => ({
  submissionKey: key(html),
  version: version(html),
  'updateOn-day': String(Number(day)),
  'updateOn-month': String(Number(month)),
  'updateOn-year': year,
  rag: 'amber',
  note: 'The parenting pages are drafted; health visitors have not yet checked them.',
  ...over,
});

async function addAction(client: TestClient, home: string, over: Record<string, string> = {}) {
  const form = await client.get(`${home}/actions/new`);
  expect(form.statusCode).toBe(200);
  const sent = await client.post(`${home}/actions`, { submissionKey: key(form.body), ...actionFields(over) });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return idOf(sent.headers.location);
}

beforeAll(async () => {
  t = await createTestApp();
  analyst = await signedIn('analyst@essex.example');
  manager = await signedIn('board.manager@essex.example');
  member = await signedIn('board.member@essex.example');
});
afterAll(() => t?.close());

describe('the plan seeded from the tenant file', () => {
  it('holds the three versions with the agreed codes, in the seeds’ words', async () => {
    const items = await t.database.db.selectFrom('partnership_plan_items').select(['code', 'kind', 'name']).execute();
    const codes = new Set(items.map((i) => i.code));
    for (const code of ['2020/parenting', '2020/send', '2020/ewmh', '2020/o1', '2020/o4', '2016/p1', '2016/p5'])
      expect(codes).toContain(code);
    for (let n = 1; n <= 10; n++) expect(codes).toContain(`2013-16/p${n}`);
    for (let n = 1; n <= 6; n++) expect(codes).toContain(`2016/so${n}`);
    expect(items.filter((i) => i.code.startsWith('2020/') && i.kind === 'outcome').map((i) => i.name)).toEqual(
      expect.arrayContaining(['Resilient children and young people', 'Safe and accessible neighbourhoods']),
    );
    expect(items.find((i) => i.code === '2013-16/p1')!.name).toBe(
      'Protect Children and Young People from harm and neglect',
    );
    const localities = await t.database.db.selectFrom('partnership_plan_localities').selectAll().execute();
    expect(localities.map((l) => l.forum_code).sort()).toEqual(['lcp-mid', 'lcp-north-east', 'lcp-south', 'lcp-west']);
  });

  it('seeds again without duplicating anything', async () => {
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('partnership_plan_items')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const { TENANTS_DIR } = await import('../../src/modules/reference/index.ts');
    expect(
      await t.services.partnershipPlan.seed('essex', {
        tenantsDir: TENANTS_DIR,
        quadrants: ['north-east', 'mid', 'west', 'south'],
      }),
    ).toBe(true);
    expect(await count()).toBe(before);
    const current = await t.database.db
      .selectFrom('partnership_plan_versions')
      .select('code')
      .where('is_current', '=', true)
      .execute();
    expect(current.map((v) => v.code)).toEqual(['2020']);
    // A tenant without a plan file has no plan.
    expect(await t.services.partnershipPlan.seed('nowhere', { tenantsDir: TENANTS_DIR, quadrants: [] })).toBe(false);
  });

  it('describes codes for the performance module, leaving out unknown ones', async () => {
    const described = await t.services.partnershipPlan.describe(['2020/send', '2016/so3', '2020/o2', 'nope/x']);
    expect(described.get('2020/send')).toEqual({
      code: '2020/send',
      kind: 'priority',
      name: 'Children and Young People with Special Educational Needs and Disabilities (SEND)',
      versionCode: '2020',
    });
    expect(described.get('2016/so3')).toMatchObject({
      kind: 'objective',
      name: 'Promote resilience and positive choices',
    });
    expect(described.get('2020/o2')).toMatchObject({ kind: 'outcome', versionCode: '2020' });
    expect(described.has('nope/x')).toBe(false);
  });
});

describe('the plan’s pages', () => {
  it('shows the current plan to every role with plan:view, with the Partnership navigation entry', async () => {
    const page = await member.get('/plan');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Children and Young People’s Plan, 2020 refresh');
    expect(page.body).toContain('Stable and thriving families');
    expect(page.body).toContain('Understand');
    expect(page.body).toContain('SEND Improvement Board');
    expect(page.body).toContain('North East Locality Children’s Partnership');
    expect(page.body).toContain('Review due');
    expect(page.body).toContain('href="/partnership"');
    expect(page.body).not.toContain('Add a delivery action');
    const older = await member.get('/plan/versions/2013-16');
    expect(older.statusCode).toBe(200);
    expect(older.body).toContain('Work with partners to provide inclusive education');
    const y2016 = await member.get('/plan/versions/2016');
    expect(y2016.body).toContain('Develop the system’s workforce and culture');
  });

  it('answers 404 for an unknown version, priority or quadrant, and for codes that are not codes', async () => {
    for (const url of [
      '/plan/versions/2099',
      '/plan/2020/nope',
      '/plan/2099/send',
      '/plan/2020/o1',
      '/plan/localities/atlantis',
      "/plan/2020/send'%20or%201=1",
      '/plan/actions/not-a-uuid',
      `/plan/actions/${newId()}`,
      '/plan/2020/nope/actions/new',
    ]) {
      expect((await analyst.get(url)).statusCode, url).toBe(404);
    }
  });

  it('refuses the manage pages to a board member', async () => {
    expect((await member.get('/plan/2020/send/actions/new')).statusCode).toBe(403);
    expect((await member.get('/plan/2020/send/review')).statusCode).toBe(403);
  });
});

describe('delivery actions', () => {
  it('adds an action to a priority, audited, and counts it by RAG on the plan', async () => {
    const id = await addAction(analyst, '/plan/2020/parenting');
    const row = await t.database.db
      .selectFrom('partnership_plan_actions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ item_code: '2020/parenting', locality: null, owner_name: 'Priya Shah', rag: 'green' });
    expect((await t.services.audit.forSubject('plan-action', id)).map((e) => e.action)).toEqual(['plan-action.added']);
    expect(await t.services.partnershipPlan.findAction(id)).toEqual({ id, title: row.title, status: 'green' });
    expect(await t.services.partnershipPlan.findAction('nope')).toBeNull();
    const priority = await analyst.get('/plan/2020/parenting');
    expect(priority.body).toContain('Publish one parenting offer');
    expect((await analyst.get('/plan')).body).toMatch(/1 green/);
  });

  it('refuses an action without an owner or with an impossible date, keeping what was typed', async () => {
    const form = await analyst.get('/plan/2020/send/actions/new');
    const sent = await analyst.post('/plan/2020/send/actions', {
      submissionKey: key(form.body),
      ...actionFields({
        ownerName: '',
        ownerOrganisation: ' ',
        'dueOn-day': '31',
        'dueOn-month': '2',
        title: 'Typed title',
      }),
    });
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual([
      'Enter the name of the person who owns the action',
      'Enter the organisation of the owner',
      'The date it is due must be a real date, like 27 3 2026',
    ]);
    expect(sent.body).toContain('Typed title');
    // One error summary (the layout's), and the date's boxes as typed.
    expect(sent.body.match(/class="govuk-error-summary"/g)).toHaveLength(1);
    expect(sent.body).toMatch(/id="dueOn-day"[^>]*value="31"/);
    expect(sent.body).toMatch(/id="dueOn-month"[^>]*value="2"/);
    const none = await t.database.db
      .selectFrom('partnership_plan_actions')
      .select('id')
      .where('title', '=', 'Typed title')
      .execute();
    expect(none).toEqual([]);
  });

  it('keeps markup as typed and shows it escaped; refuses NUL bytes', async () => {
    const markup = '<script>alert(1)</script><b>bold</b>';
    const id = await addAction(analyst, '/plan/2020/ewmh', { title: markup });
    const page = await analyst.get(`/plan/actions/${id}`);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const sent = await analyst.post(
      `/plan/actions/${id}/updates`,
      updateFields(page.body, { note: `${markup}\n2nd line` }),
    );
    expect(sent.statusCode).toBe(303);
    const after = await analyst.get(`/plan/actions/${id}`);
    expect(after.body).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(after.body).not.toContain('<b>bold</b>');
    const nul = await analyst.post(`/plan/actions/${id}/updates`, updateFields(after.body, { note: 'bad\u0000byte' }));
    expect(nul.statusCode).toBe(400);
    const updates = await t.database.db
      .selectFrom('partnership_plan_action_updates')
      .select('note')
      .where('action_id', '=', id)
      .execute();
    expect(updates.map((u) => u.note)).toEqual([`${markup}\n2nd line`]);
  });

  it('records dated updates with a new RAG status, audited with the change', async () => {
    const id = await addAction(analyst, '/plan/2020/send');
    const page = await analyst.get(`/plan/actions/${id}`);
    const sent = await analyst.post(`/plan/actions/${id}/updates`, updateFields(page.body, { rag: 'red' }));
    expect(sent.statusCode).toBe(303);
    const shown = await analyst.follow(sent);
    expect(shown.body).toContain('The update is recorded.');
    expect(shown.body).toContain('Ruth Adams');
    expect(shown.body).toContain('The parenting pages are drafted');
    const row = await t.database.db
      .selectFrom('partnership_plan_actions')
      .select(['rag', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ rag: 'red', version: 2 });
    const events = await t.services.audit.forSubject('plan-action', id);
    const updated = events.find((e) => e.action === 'plan-action.updated');
    expect(updated!.details).toMatchObject({ rag: { from: 'green', to: 'red' } });
    // A date in the future, or not a date, is refused.
    const later = await analyst.get(`/plan/actions/${id}`);
    const future = await analyst.post(
      `/plan/actions/${id}/updates`,
      updateFields(later.body, { 'updateOn-year': String(Number(year) + 1) }),
    );
    expect(future.statusCode).toBe(400);
    expect(errorSummary(future.body)).toEqual(['The date of the update must be today or in the past']);
  });

  it('tells the second of two people updating one action at once, and loses neither', async () => {
    const id = await addAction(analyst, '/plan/2020/send');
    const first = await analyst.get(`/plan/actions/${id}`);
    const second = await manager.get(`/plan/actions/${id}`);
    expect(
      (await analyst.post(`/plan/actions/${id}/updates`, updateFields(first.body, { note: 'First: the panel met.' })))
        .statusCode,
    ).toBe(303);
    const clash = await manager.post(
      `/plan/actions/${id}/updates`,
      updateFields(second.body, { note: 'Second: funding agreed.', rag: 'complete' }),
    );
    expect(clash.statusCode).toBe(409);
    expect(errorSummary(clash.body)[0]).toContain('Someone else changed this action after you opened it');
    expect(clash.body).toContain('First: the panel met.');
    expect(clash.body).toContain('Second: funding agreed.');
    // Saved again from the page they were shown, the second update is kept too.
    const again = await manager.post(
      `/plan/actions/${id}/updates`,
      updateFields(clash.body, { note: 'Second: funding agreed.', rag: 'complete' }),
    );
    expect(again.statusCode).toBe(303);
    const notes = await t.database.db
      .selectFrom('partnership_plan_action_updates')
      .select('note')
      .where('action_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(notes.map((n) => n.note)).toEqual(['First: the panel met.', 'Second: funding agreed.']);
  });

  it('tells the second of two people editing one action at once', async () => {
    const id = await addAction(analyst, '/plan/2016/so1');
    const first = await analyst.get(`/plan/actions/${id}/edit`);
    const second = await manager.get(`/plan/actions/${id}/edit`);
    const saved = await analyst.post(`/plan/actions/${id}/edit`, {
      version: version(first.body),
      ...actionFields({ ownerName: 'Sam Patel' }),
    });
    expect(saved.statusCode).toBe(303);
    const clash = await manager.post(`/plan/actions/${id}/edit`, {
      version: version(second.body),
      ...actionFields({ ownerName: 'Jo Brown' }),
    });
    expect(clash.statusCode).toBe(409);
    expect(errorSummary(clash.body)[0]).toContain('Someone else changed this action');
    expect(clash.body).toContain('Jo Brown');
    const row = await t.database.db
      .selectFrom('partnership_plan_actions')
      .select('owner_name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.owner_name).toBe('Sam Patel');
    const edited = (await t.services.audit.forSubject('plan-action', id)).find(
      (e) => e.action === 'plan-action.edited',
    );
    expect(edited!.details).toMatchObject({ changed: { owner_name: { from: 'Priya Shah', to: 'Sam Patel' } } });
  });

  it('stores one update for ten parallel identical submits', async () => {
    const id = await addAction(analyst, '/plan/2020/ewmh');
    const page = await analyst.get(`/plan/actions/${id}`);
    const fields = updateFields(page.body, { note: 'Sent ten times at once.' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => analyst.post(`/plan/actions/${id}/updates`, fields)),
    );
    for (const a of answers) expect([303, 409]).toContain(a.statusCode);
    expect(answers.filter((a) => a.statusCode === 303).length).toBeGreaterThanOrEqual(1);
    const stored = await t.database.db
      .selectFrom('partnership_plan_action_updates')
      .select('id')
      .where('action_id', '=', id)
      .execute();
    expect(stored).toHaveLength(1);
  });
});

describe('Locality Children’s Partnerships', () => {
  it('keeps a local action plan, optionally serving a current priority', async () => {
    const id = await addAction(analyst, '/plan/localities/north-east', {
      itemCode: '2020/ewmh',
      title: 'Mental health first aid in Tendring schools',
    });
    const row = await t.database.db
      .selectFrom('partnership_plan_actions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ locality: 'north-east', item_code: '2020/ewmh' });
    const page = await member.get('/plan/localities/north-east');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mental health first aid in Tendring schools');
    expect(page.body).toContain('Emotional Wellbeing and Mental Health (EWMH)');
    const form = await analyst.get('/plan/localities/south/actions/new');
    const wrong = await analyst.post('/plan/localities/south/actions', {
      submissionKey: key(form.body),
      ...actionFields({ itemCode: '2013-16/p1' }),
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual(['Select a priority from the list']);
  });
});

describe('yearly priority reviews', () => {
  it('records a review, so the priority is no longer due; one older than a year is due again', async () => {
    const form = await manager.get('/plan/2020/send/review');
    expect(form.statusCode).toBe(200);
    const empty = await manager.post('/plan/2020/send/reviews', { submissionKey: key(form.body) });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter the date of the review',
      'Enter what the review found',
      'Select whether to continue, change or retire the priority',
    ]);
    const sent = await manager.post('/plan/2020/send/reviews', {
      submissionKey: key(form.body),
      'reviewedOn-day': String(Number(day)),
      'reviewedOn-month': String(Number(month)),
      'reviewedOn-year': year,
      findings: 'Inspection actions on track; waiting times for assessments still long.',
      decision: 'continue',
    });
    expect(sent.statusCode).toBe(303);
    const page = await manager.follow(sent);
    expect(page.body).toContain('Inspection actions on track');
    expect(page.body).not.toContain('Review due');
    expect((await t.services.audit.forSubject('plan-priority', '2020/send')).map((e) => e.action)).toEqual([
      'plan-priority.reviewed',
    ]);
    await t.database.db
      .insertInto('partnership_plan_reviews')
      .values({
        id: newId(),
        item_code: '2020/parenting',
        reviewed_on: `${Number(year) - 1}-${month}-${day}`,
        findings: 'A year ago.',
        decision: 'continue',
      })
      .execute();
    expect((await manager.get('/plan/2020/parenting')).body).toContain('Review due');
  });
});

describe('outcome leads', () => {
  it('names an outcome’s lead, kept when the plan file is loaded again, escaped, audited', async () => {
    const form = await manager.get('/plan/2020/o1/lead');
    expect(form.statusCode).toBe(200);
    const lead = 'Jo Smith <i>Director</i>';
    const long = await manager.post('/plan/2020/o1/lead', { lead: 'x'.repeat(401) });
    expect(long.statusCode).toBe(400);
    expect(errorSummary(long.body)).toEqual(['The outcome lead must be 400 characters or fewer']);
    const sent = await manager.post('/plan/2020/o1/lead', { lead });
    expect(sent.statusCode).toBe(303);
    const plan = await manager.follow(sent);
    expect(plan.body).toContain('Jo Smith &lt;i&gt;Director&lt;/i&gt;');
    const { TENANTS_DIR } = await import('../../src/modules/reference/index.ts');
    await t.services.partnershipPlan.seed('essex', {
      tenantsDir: TENANTS_DIR,
      quadrants: ['north-east', 'mid', 'west', 'south'],
    });
    const row = await t.database.db
      .selectFrom('partnership_plan_items')
      .select('lead')
      .where('code', '=', '2020/o1')
      .executeTakeFirstOrThrow();
    expect(row.lead).toBe(lead);
    const events = await t.services.audit.forSubject('plan-outcome', '2020/o1');
    expect(events[0]!.details).toMatchObject({ lead: { from: null, to: lead } });
    // Only an outcome has a lead here; a board member may not name one.
    expect((await manager.get('/plan/2020/send/lead')).statusCode).toBe(404);
    expect((await member.get('/plan/2020/o1/lead')).statusCode).toBe(403);
  });
});
