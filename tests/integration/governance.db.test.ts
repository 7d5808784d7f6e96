import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { GovernanceService } from '../../src/modules/governance/index.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The boards (issue 14): the Essex boards and sub-groups seeded from the tenant's governance file (with seed 004's
 * scrutiny committee, its work programme and action log), meetings with agenda, papers, minutes (locked when
 * published) and decisions, the action log with its links (checked by fake lookups here), updates with optimistic
 * locking, and the bad input a board manager could send.
 */

let t: TestApp;
let manager: TestClient;
let member: TestClient;
let signIns = 0;
const [year, month, day] = todayInLondon().split('-') as [string, string, string];

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!.split('#')[0]!;
const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

async function create(client: TestClient, formUrl: string, postUrl: string, fields: Record<string, string>) {
  const page = await client.get(formUrl);
  expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
  const sent = await client.post(postUrl, { submissionKey: key(page.body), ...fields });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return sent;
}
const B = '/boards/safeguarding-children-board';
const meetingForm = (over: Record<string, string> = {}) => ({
  'heldOn-day': day,
  'heldOn-month': month,
  'heldOn-year': year,
  time: '10.15am',
  place: 'Council Chamber, County Hall, Chelmsford',
  status: 'scheduled',
  ...over,
});
const actionForm = (over: Record<string, string> = {}) => ({
  item: '',
  action: 'Report the Section 11 audit returns to the next Executive',
  owner: 'ESCB Business Manager',
  'raisedOn-day': day,
  'raisedOn-month': month,
  'raisedOn-year': year,
  'dueOn-day': '',
  'dueOn-month': '',
  'dueOn-year': '',
  linkKind: '',
  indicator: '',
  planAction: '',
  ...over,
});
async function newMeeting() {
  const sent = await create(manager, `${B}/meetings/new`, `${B}/meetings`, meetingForm());
  const id = idOf(sent.headers.location);
  await create(manager, `${B}/meetings/${id}/items/new`, `${B}/meetings/${id}/items`, {
    title: 'Annual report 2020-21',
    presenter: 'Independent Chair',
    purpose: 'For decision',
  });
  const item = await t.database.db
    .selectFrom('governance_agenda_items')
    .selectAll()
    .where('meeting_id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, item };
}
const audited = (type: string, id: string) => t.services.audit.forSubject(type, id);

beforeAll(async () => {
  t = await createTestApp();
  // The modules that own indicators and plan actions answer through lookups; here, fakes.
  const links = {
    indicator: async (code: string) => (code === 'ESCB-1' ? { code, name: 'Section 11 audits returned' } : null),
    planAction: async (id: string) =>
      id === '01936f5e-0000-7000-8000-000000000001' ? { id, title: 'Publish the SEND offer' } : null,
  };
  Object.assign(t.services.governance.actions, { links });
  manager = await signedIn('board.manager@essex.example');
  member = await signedIn('board.member@essex.example');
});
afterAll(() => t?.close());

describe('the boards from the tenant file', () => {
  it('seeds the agreed boards once, with 004’s committee, work programme and action log; again changes nothing', async () => {
    const codes = (await t.services.governance.boards()).flatMap((b) => [b.code, ...b.children.map((c) => c.code)]);
    for (const code of ['partnership-board', 'safeguarding-children-board', 'corporate-parenting-panel'])
      expect(codes).toContain(code);
    for (const code of ['lcp-north-east', 'lcp-mid', 'lcp-west', 'lcp-south']) expect(codes).toContain(code);
    const escb = (await t.services.governance.boards()).find((b) => b.code === 'safeguarding-children-board')!;
    expect(escb.children.map((c) => c.name)).toContain('Child Safeguarding Practice Review Sub-Committee');
    const count = async () =>
      Promise.all(
        (['governance_boards', 'governance_members', 'governance_actions', 'governance_work_programme'] as const).map(
          async (table) =>
            Number(
              (
                await t.database.db
                  .selectFrom(table)
                  .select((eb) => eb.fn.countAll().as('n'))
                  .executeTakeFirstOrThrow()
              ).n,
            ),
        ),
      );
    const before = await count();
    expect(before[3]).toBeGreaterThanOrEqual(14);
    await t.services.governance.seed('essex');
    expect(await count()).toEqual(before);

    const page = await member.get('/boards/people-and-families-scrutiny');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Councillor R Gooding');
    const programme = await member.get('/boards/people-and-families-scrutiny/work-programme');
    expect(programme.body).toContain('Home Education/Children Missing Education');
    expect(programme.body).toContain('June or July 2022');
    const log = await member.get('/boards/people-and-families-scrutiny/actions?show=all');
    expect(log.body).toContain('London Library Community Fridge');
    expect(log.body).not.toContain('Overdue'); // the log gave no due dates
    const open = await member.get('/boards/people-and-families-scrutiny/actions');
    expect(open.body).toContain('London Library Community Fridge');
    expect(open.body).not.toContain('more detailed implementation plan'); // "Added to Work Programme": done
  });

  it('gives a tenant without the file no boards, and stops start-up on a malformed file, saying why', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hearth-governance-'));
    const service = new GovernanceService(t.database.db, t.services.audit);
    expect(await service.seed('nowhere', `${dir}/`)).toBe(0);
    await mkdir(path.join(dir, 'broken'));
    await writeFile(
      path.join(dir, 'broken', 'governance.json'),
      JSON.stringify({ boards: [{ code: 'x', name: 'X', kind: 'board', parent: 'missing-board' }] }),
    );
    await expect(service.seed('broken', `${dir}/`)).rejects.toThrow(
      /governance\.json is not valid:\n\s+boards\.0\.parent: no other board "missing-board"/,
    );
  });
});

describe('members', () => {
  it('adds a member linked to a Hearth user, refuses an unknown email, and records when they left', async () => {
    const url = '/boards/corporate-parenting-panel';
    const page = await manager.get(`${url}/members/new`);
    const fields = {
      name: 'David Okafor',
      organisation: 'Essex Police',
      role: 'member',
      userEmail: 'nobody@essex.example',
      'joinedOn-day': '1',
      'joinedOn-month': '4',
      'joinedOn-year': '2022',
    };
    const unknown = await manager.post(`${url}/members`, { submissionKey: key(page.body), ...fields });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)).toEqual([
      'There is no Hearth user with this email address: check it, or leave it blank',
    ]);
    expect(unknown.body).toContain('value="2022"');
    await create(manager, `${url}/members/new`, `${url}/members`, {
      ...fields,
      userEmail: 'Board.Member@essex.example',
    });
    const row = await t.database.db
      .selectFrom('governance_members')
      .selectAll()
      .where('name', '=', 'David Okafor')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'member', joined_on: '2022-04-01', left_on: null });
    expect(row.user_id).not.toBeNull();
    const leftUrl = `${url}/members/${row.id}/left`;
    const early = await manager.post(leftUrl, {
      'leftOn-day': '1',
      'leftOn-month': '3',
      'leftOn-year': '2022',
      version: versionOn((await manager.get(leftUrl)).body),
    });
    expect(errorSummary(early.body)).toEqual(['The date they left must be the same as or after the date they joined']);
    const left = await manager.post(leftUrl, {
      'leftOn-day': '31',
      'leftOn-month': '3',
      'leftOn-year': '2023',
      version: versionOn((await manager.get(leftUrl)).body),
    });
    expect(left.statusCode).toBe(303);
    const board = await member.get(url);
    expect(board.body).toContain('Left 31 March 2023');
    expect(board.body).toContain('Cllr Beverley Egan');
    expect((await audited('governance-member', row.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['governance-member.added', 'governance-member.left']),
    );
  });
});

describe('a meeting with its agenda, minutes and decisions', () => {
  it('lets the board manager schedule a meeting, record minutes and a decision, publish them; audited', async () => {
    const { id, item } = await newMeeting();
    const minutesUrl = `${B}/meetings/${id}/items/${item.id}/minutes`;
    const form = await manager.get(minutesUrl);
    const saved = await manager.post(minutesUrl, {
      minutes: 'The Board approved the annual report.',
      version: versionOn(form.body),
    });
    expect(saved.statusCode).toBe(303);
    await create(manager, `${B}/meetings/${id}/decisions/new`, `${B}/meetings/${id}/decisions`, {
      item: item.id,
      decision: 'The annual report 2020-21 is approved for publication.',
      'decidedOn-day': day,
      'decidedOn-month': month,
      'decidedOn-year': year,
    });
    const page = await member.get(`${B}/meetings/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1. Annual report 2020-21');
    expect(page.body).toContain('The Board approved the annual report.');
    expect(page.body).toContain('approved for publication');
    expect(page.body).toContain('10:15');
    expect(page.body).not.toContain('data-qa="publish"'); // a member reads; never the manager's buttons

    const meetingPage = await manager.get(`${B}/meetings/${id}`);
    expect(
      (await manager.post(`${B}/meetings/${id}/publish`, { version: versionOn(meetingPage.body) })).statusCode,
    ).toBe(303);
    expect((await audited('governance-meeting', id)).map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'governance-meeting.scheduled',
        'governance-item.added',
        'governance-minutes.recorded',
        'governance-decision.recorded',
        'governance-minutes.published',
      ]),
    );

    // Published minutes: a plain edit is refused with the reason; a correction is recorded.
    const again = await manager.post(minutesUrl, {
      minutes: 'Something else.',
      version: versionOn((await manager.get(minutesUrl)).body),
    });
    expect(again.statusCode).toBe(409);
    expect(errorSummary(again.body)[0]).toMatch(
      /^The minutes of this meeting were published on .*so they cannot be changed/,
    );
    const correctionForm = await manager.get(minutesUrl);
    expect(correctionForm.body).toContain('Correct the minutes');
    const corrected = await manager.post(`${B}/meetings/${id}/items/${item.id}/corrections`, {
      minutes: 'The Board approved the annual report 2020-21.',
      reason: 'The year was left out.',
      version: versionOn(correctionForm.body),
    });
    expect(corrected.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('governance_minute_corrections')
      .selectAll()
      .where('item_id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ previous: 'The Board approved the annual report.', reason: 'The year was left out.' });
    expect((await member.get(`${B}/meetings/${id}`)).body).toContain('The year was left out.');
  });

  it('links a paper that names a report Hearth makes to that report (a Locality Partnership’s)', async () => {
    const { id, item } = await newMeeting();
    const papers = `${B}/meetings/${id}/items/${item.id}/papers`;
    await create(manager, `${papers}/new`, papers, {
      kind: 'report',
      title: 'West Locality Partnership report',
      reportKey: 'locality-report',
      reportParameters: 'quadrant=west',
      link: '',
      note: '',
    });
    const page = await manager.get(`${B}/meetings/${id}`);
    expect(page.body).toContain('href="/performance/board?quadrant=west" data-qa="report-paper"');
  });

  it('refuses an impossible date, keeping what was typed', async () => {
    const page = await manager.get(`${B}/meetings/new`);
    const sent = await manager.post(`${B}/meetings`, {
      submissionKey: key(page.body),
      ...meetingForm({ 'heldOn-day': '31', 'heldOn-month': '2', time: '25:99' }),
    });
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual([
      'The date of the meeting must be a real date, like 27 3 2026',
      'Enter the time like 10:15 or 2pm, or leave it blank',
    ]);
    expect(sent.body).toContain('value="Council Chamber, County Hall, Chelmsford"');
  });

  it('escapes markup in minutes and refuses NUL bytes', async () => {
    const { id, item } = await newMeeting();
    const url = `${B}/meetings/${id}/items/${item.id}/minutes`;
    const version = versionOn((await manager.get(url)).body);
    expect((await manager.post(url, { minutes: '<script>alert(1)</script> & <b>bold</b>', version })).statusCode).toBe(
      303,
    );
    const page = await member.get(`${B}/meetings/${id}`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    const nul = await manager.post(url, { minutes: 'Fine\u0000', version: String(Number(version) + 1) });
    expect(nul.statusCode).toBe(400);
    const stored = await t.database.db
      .selectFrom('governance_agenda_items')
      .select('minutes')
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(stored.minutes).toBe('<script>alert(1)</script> & <b>bold</b>');
  });

  it('refuses a board member every write', async () => {
    const { id } = await newMeeting();
    expect((await member.get(`${B}/meetings/new`)).statusCode).toBe(403);
    expect((await member.post(`${B}/meetings/${id}/publish`, { version: '1' })).statusCode).toBe(403);
    expect((await member.post(`${B}/actions`, actionForm())).statusCode).toBe(403);
  });
});

describe('the action log', () => {
  it('adds an action from an agenda item, lists it as open, and a dated update moves it to done', async () => {
    const { id: meetingId, item } = await newMeeting();
    const sent = await create(
      manager,
      `${B}/actions/new?item=${item.id}`,
      `${B}/actions`,
      actionForm({ item: item.id, 'dueOn-day': '1', 'dueOn-month': '1', 'dueOn-year': '2020' }),
    );
    const id = idOf(sent.headers.location);
    const row = await t.database.db
      .selectFrom('governance_actions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      meeting_id: meetingId,
      item_id: item.id,
      status: 'open',
      owner: 'ESCB Business Manager',
    });
    const open = await member.get(`${B}/actions`);
    expect(open.body).toContain('Report the Section 11 audit returns');
    expect(open.body).toContain('Overdue');
    const page = await manager.get(`${B}/actions/${id}`);
    const updated = await manager.post(`${B}/actions/${id}`, {
      status: 'done',
      note: 'Reported in March.',
      version: versionOn(page.body),
    });
    expect(updated.statusCode).toBe(303);
    expect((await member.get(`${B}/actions?show=open`)).body).not.toContain(`/actions/${id}"`);
    expect((await member.get(`${B}/actions?show=done`)).body).toContain(`/actions/${id}"`);
    expect((await member.get(`${B}/actions/${id}`)).body).toContain('Reported in March.');
    expect((await audited('governance-action', id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['governance-action.added', 'governance-action.updated']),
    );
  });

  it('refuses an action without an owner', async () => {
    const page = await manager.get(`${B}/actions/new`);
    const sent = await manager.post(`${B}/actions`, { submissionKey: key(page.body), ...actionForm({ owner: '  ' }) });
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual(['Enter who owns the action']);
    expect(sent.body).toContain('Report the Section 11 audit returns');
  });

  it('links an action to a known indicator or plan action, and refuses an unknown one clearly', async () => {
    const page = await manager.get(`${B}/actions/new`);
    const unknown = await manager.post(`${B}/actions`, {
      submissionKey: key(page.body),
      ...actionForm({ linkKind: 'indicator', indicator: 'NOPE-9' }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)).toEqual(['There is no indicator with the code NOPE-9: check the code']);
    const known = await create(
      manager,
      `${B}/actions/new`,
      `${B}/actions`,
      actionForm({ linkKind: 'indicator', indicator: 'ESCB-1' }),
    );
    expect((await member.get(String(known.headers.location))).body).toContain(
      'Indicator ESCB-1: Section 11 audits returned',
    );
    const plan = await create(
      manager,
      `${B}/actions/new`,
      `${B}/actions`,
      actionForm({ linkKind: 'plan-action', planAction: '01936f5e-0000-7000-8000-000000000001' }),
    );
    expect((await member.get(String(plan.headers.location))).body).toContain('Plan action: Publish the SEND offer');
    // Without a lookup the link cannot be checked: refused, saying so.
    const unchecked = new GovernanceService(t.database.db, t.services.audit);
    const board = (await unchecked.board('safeguarding-children-board'))!;
    const input = {
      action: 'x',
      owner: 'y',
      'raisedOn-day': todayInLondon(),
      'dueOn-day': null,
      item: null,
      link: { kind: 'indicator' as const, ref: 'ESCB-1' },
    };
    const user = {
      id: (
        await t.database.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'board.manager@essex.example')
          .executeTakeFirstOrThrow()
      ).id,
      roles: ['board-manager' as const],
      organisationId: '',
    };
    await expect(
      unchecked.actions.add({ userId: user.id, label: 'test' }, user as never, board, input),
    ).rejects.toThrow('Indicators cannot be checked yet');
  });

  it('tells the second of two people updating one action at once, and loses neither', async () => {
    const sent = await create(manager, `${B}/actions/new`, `${B}/actions`, actionForm());
    const id = idOf(sent.headers.location);
    const other = await signedIn('board.manager@essex.example');
    const [a, b] = [await manager.get(`${B}/actions/${id}`), await other.get(`${B}/actions/${id}`)];
    expect(
      (
        await manager.post(`${B}/actions/${id}`, {
          status: 'in-progress',
          note: 'First: started.',
          version: versionOn(a.body),
        })
      ).statusCode,
    ).toBe(303);
    const second = await other.post(`${B}/actions/${id}`, {
      status: 'done',
      note: 'Second: finished.',
      version: versionOn(b.body),
    });
    expect(second.statusCode).toBe(409);
    expect(errorSummary(second.body)[0]).toContain('Someone else changed this after you opened it');
    expect(second.body).toContain('First: started.');
    expect(second.body).toContain('Second: finished.'); // what they typed is kept
    const updates = await t.database.db
      .selectFrom('governance_action_updates')
      .select('note')
      .where('action_id', '=', id)
      .execute();
    expect(updates.map((u) => u.note)).toEqual(['First: started.']);
  });

  it('makes one action of ten identical parallel submits', async () => {
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('governance_actions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const page = await manager.get(`${B}/actions/new`);
    const submissionKey = key(page.body);
    const sent = await Promise.all(
      Array.from({ length: 10 }, () =>
        manager.post(`${B}/actions`, { submissionKey, ...actionForm({ action: 'Once only' }) }),
      ),
    );
    expect(sent.every((r) => r.statusCode < 500)).toBe(true);
    expect(await count()).toBe(before + 1);
  });

  it('does not show another board’s action or meeting under this board (404)', async () => {
    const sent = await create(manager, `${B}/actions/new`, `${B}/actions`, actionForm());
    const id = idOf(sent.headers.location);
    const { id: meetingId } = await newMeeting();
    expect((await member.get(`/boards/corporate-parenting-panel/actions/${id}`)).statusCode).toBe(404);
    expect(
      (
        await manager.post(`/boards/corporate-parenting-panel/actions/${id}`, {
          status: 'done',
          note: 'x',
          version: '1',
        })
      ).statusCode,
    ).toBe(404);
    expect((await member.get(`/boards/corporate-parenting-panel/meetings/${meetingId}`)).statusCode).toBe(404);
    expect((await member.get('/boards/no-such-board')).statusCode).toBe(404);
  });
});
