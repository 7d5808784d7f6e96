import { randomUUID } from 'node:crypto';
import { addDays, addMonths, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import type { Principal } from '../../src/platform/permissions/policy.ts';
import type { Role } from '../../src/platform/permissions/roles.ts';
import { trainingIndicators } from '../../src/modules/training/index.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The multi-agency training offer (issue 16, "Workforce"): the Board manager adds sessions, practitioners book them
 * (a waiting list when full, promoted in order, one place for ten people asking at once), the manager records
 * attendance by agency, attendees evaluate straight after and some months later, and the champions networks show
 * their gaps. Every bad input the brief lists is here, with what was (not) stored.
 */

let t: TestApp;
let manager: TestClient;
let teacher: TestClient;
let police: TestClient;
let signIns = 0;
const actor = { userId: null, label: 'training test' };

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!;
const future = addDays(new Date(), 14);
const [fy, fm, fd] = format(future, 'yyyy-M-d').split('-') as [string, string, string];

async function principal(email: string): Promise<Principal> {
  const u = await t.database.db
    .selectFrom('users')
    .select(['id', 'organisation_id'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const roles = await t.database.db.selectFrom('user_roles').select('role').where('user_id', '=', u.id).execute();
  return { id: u.id, organisationId: u.organisation_id, roles: roles.map((r) => r.role as Role), teamIds: [] };
}
async function courseId() {
  return (await t.services.training.courses(true))[0]!.id;
}
function sessionForm(course: string, over: Record<string, string> = {}) {
  return {
    courseId: course,
    'startsOn-day': fd,
    'startsOn-month': fm,
    'startsOn-year': fy,
    time: '9.30am',
    durationMinutes: '180',
    mode: 'venue',
    venue: 'County Hall, Chelmsford',
    capacity: '2',
    trainer: 'ESCB trainer',
    quadrant: 'mid',
    ...over,
  };
}
async function addSession(over: Record<string, string> = {}) {
  const page = await manager.get('/training/sessions/new');
  expect(page.statusCode).toBe(200);
  const sent = await manager.post('/training/sessions', {
    submissionKey: key(page.body),
    ...sessionForm(await courseId(), over),
  });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return idOf(sent.headers.location);
}
async function book(client: TestClient, sessionId: string) {
  const page = await client.get(`/training/sessions/${sessionId}`);
  expect(page.statusCode).toBe(200);
  // A second booking is sent from the same page kept open in another tab: a fresh key of its own.
  const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? randomUUID();
  return client.post(`/training/sessions/${sessionId}/book`, { submissionKey });
}
const bookingOf = (sessionId: string, userId: string) =>
  t.database.db
    .selectFrom('training_bookings')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
/** Moves a session into the past, as time passing would. */
const hold = (sessionId: string, daysAgo: number) =>
  t.database.db
    .updateTable('training_sessions')
    .set({ starts_at: addDays(new Date(), -daysAgo) })
    .where('id', '=', sessionId)
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  manager = await signedIn('board.manager@essex.example');
  teacher = await signedIn('teacher@essex.example');
  police = await signedIn('police@essex.example');
});
afterAll(() => t?.close());

describe('the offer from the tenant file', () => {
  it('starts with the seeds’ courses, marked for Essex to confirm, added once', async () => {
    const titles = (await t.services.training.courses()).map((c) => c.title);
    expect(titles).toContain('Effective Support for Children and Families: levels of need');
    expect(titles).toContain('Understanding and working with trauma');
    await t.services.training.seed();
    expect((await t.services.training.courses()).length).toBe(titles.length);
    expect((await t.services.training.settings()).evaluation.note).toMatch(/confirm/);
  });
});

describe('sessions', () => {
  it('refuses a session in the past and one with no places, keeping what was typed', async () => {
    const before = await t.database.db.selectFrom('training_sessions').select('id').execute();
    const page = await manager.get('/training/sessions/new');
    const past = await manager.post('/training/sessions', {
      submissionKey: key(page.body),
      ...sessionForm(await courseId(), { 'startsOn-year': '2020', capacity: '0' }),
    });
    expect(past.statusCode).toBe(400);
    const problems = errorSummary(past.body).join(' | ');
    expect(problems).toMatch(/date of the session must be today or in the future/i);
    expect(problems).toContain('The number of places must be between 1 and 1,000');
    expect(past.body).toContain('County Hall, Chelmsford');
    const page2 = await manager.get('/training/sessions/new');
    const earlierToday = await manager.post('/training/sessions', {
      submissionKey: key(page2.body),
      ...sessionForm(await courseId(), {
        'startsOn-day': String(Number(todayInLondon().slice(8))),
        'startsOn-month': String(Number(todayInLondon().slice(5, 7))),
        'startsOn-year': todayInLondon().slice(0, 4),
        time: '00:01',
      }),
    });
    expect(earlierToday.statusCode).toBe(400);
    expect(errorSummary(earlierToday.body)).toContain('The session must start in the future');
    expect(await t.database.db.selectFrom('training_sessions').select('id').execute()).toEqual(before);
  });

  it('is for the Board manager to add: a practitioner is refused', async () => {
    expect((await teacher.get('/training/sessions/new')).statusCode).toBe(403);
  });
});

describe('booking', () => {
  it('gives places until full, then the waiting list (said so); booking twice is refused clearly', async () => {
    const id = await addSession({ capacity: '1' });
    const first = await book(teacher, id);
    expect(first.statusCode).toBe(303);
    expect((await teacher.follow(first)).body).toContain('You have a place on this session.');
    const twice = await book(teacher, id);
    expect(twice.statusCode).toBe(409);
    expect(errorSummary(twice.body).join()).toContain('You have already booked this session');
    const full = await book(police, id);
    expect(full.statusCode).toBe(303);
    const page = await police.follow(full);
    expect(page.body).toContain('The session is full: you are on its waiting list');
    expect(page.body).toContain('You are number 1 on the waiting list');
    const rows = await t.database.db.selectFrom('training_bookings').selectAll().where('session_id', '=', id).execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['booked', 'waiting']);
  });

  it('gives the last place to exactly one of ten people booking at once', async () => {
    const id = await addSession({ capacity: '2' });
    await t.services.training.bookings.book(actor, await principal('school.dsl@essex.example'), id);
    const emails = [
      'teacher@essex.example',
      'police@essex.example',
      'tafso@essex.example',
      'hub.practitioner@essex.example',
      'fs.worker@essex.example',
      'involvement.worker@essex.example',
      'mace.member@essex.example',
      'social.care@essex.example',
      'marac.idva@essex.example',
      'education.compliance@essex.example',
    ];
    const people = await Promise.all(emails.map(principal));
    const results = await Promise.all(people.map((p) => t.services.training.bookings.book(actor, p, id)));
    expect(results.filter((r) => r?.status === 'booked')).toHaveLength(1);
    expect(results.filter((r) => r?.status === 'waiting')).toHaveLength(9);
    const counted = await t.database.db
      .selectFrom('training_bookings')
      .select(['status'])
      .where('session_id', '=', id)
      .execute();
    expect(counted.filter((r) => r.status === 'booked')).toHaveLength(2);
  });

  it('promotes the first on the waiting list when a place frees, and emails them', async () => {
    const id = await addSession({ capacity: '1' });
    await book(teacher, id);
    await book(police, id);
    const tafso = await principal('tafso@essex.example');
    await t.services.training.bookings.book(actor, tafso, id);
    const mine = (await bookingOf(id, (await principal('teacher@essex.example')).id))!;
    await teacher.get(`/training/sessions/${id}`);
    const cancelled = await teacher.post(`/training/bookings/${mine.id}/cancel`);
    expect(cancelled.statusCode).toBe(303);
    const policeBooking = (await bookingOf(id, (await principal('police@essex.example')).id))!;
    expect(policeBooking.status).toBe('booked');
    expect((await bookingOf(id, tafso.id))!.status).toBe('waiting');
    expect((await t.services.notify.latestTo('police@essex.example'))?.subject).toMatch(/^You have a place/);
  });

  it('denies cancelling another person’s booking by its id in the address, and audits it', async () => {
    const id = await addSession();
    await book(teacher, id);
    const theirs = (await bookingOf(id, (await principal('teacher@essex.example')).id))!;
    await police.get('/training');
    const denied = await police.post(`/training/bookings/${theirs.id}/cancel`);
    expect(denied.statusCode).toBe(403);
    expect((await bookingOf(id, theirs.user_id))!.status).toBe('booked');
    const events = await t.services.audit.forSubject('training-booking', theirs.id);
    expect(events.map((e) => e.action)).toContain('permission.denied');
    expect((await police.get(`/training/bookings/${theirs.id}/evaluation`)).statusCode).toBe(403);
  });

  it('tells everyone booked or waiting when a session is cancelled', async () => {
    const id = await addSession({ capacity: '1' });
    await book(teacher, id);
    await book(police, id);
    const page = await manager.get(`/training/sessions/${id}/cancel`);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const sent = await manager.post(`/training/sessions/${id}/cancel`, { version });
    expect(sent.statusCode).toBe(303);
    expect((await manager.follow(sent)).body).toContain('2 people were emailed');
    for (const email of ['teacher@essex.example', 'police@essex.example'])
      expect((await t.services.notify.latestTo(email))?.subject).toMatch(/^Cancelled: /);
    const live = await t.database.db
      .selectFrom('training_bookings')
      .select('id')
      .where('session_id', '=', id)
      .where('status', '<>', 'cancelled')
      .execute();
    expect(live).toEqual([]);
  });
});

describe('attendance and evaluation', () => {
  it('counts attendance by agency; only attendees evaluate, inside the window, once', async () => {
    const id = await addSession({ capacity: '3' });
    await book(teacher, id);
    await book(police, id);
    const teacherId = (await principal('teacher@essex.example')).id;
    const policeId = (await principal('police@essex.example')).id;
    const tb = (await bookingOf(id, teacherId))!;
    const pb = (await bookingOf(id, policeId))!;

    // Not before the session has started.
    await manager.get(`/training/sessions/${id}`);
    const early = await manager.post(`/training/sessions/${id}/attendance`, { [`attendance-${tb.id}`]: 'attended' });
    expect(early.statusCode).toBe(409);
    await hold(id, 1);
    await manager.get(`/training/sessions/${id}`);
    const saved = await manager.post(`/training/sessions/${id}/attendance`, {
      [`attendance-${tb.id}`]: 'attended',
      [`attendance-${pb.id}`]: 'did-not-attend',
    });
    expect(saved.statusCode).toBe(303);

    // Someone who did not attend cannot evaluate.
    const notThere = await police.get(`/training/bookings/${pb.id}/evaluation`);
    expect(notThere.body).toContain('Only people recorded as having attended the session can evaluate it');
    const refused = await police.post(`/training/bookings/${pb.id}/evaluation`, {
      submissionKey: 'k-' + pb.id,
      outcomesMet: '4',
      confidenceBefore: '2',
      confidenceAfter: '4',
      comment: '',
    });
    expect(refused.statusCode).toBe(400);

    const form = await teacher.get(`/training/bookings/${tb.id}/evaluation`);
    expect(form.statusCode).toBe(200);
    const sent = await teacher.post(`/training/bookings/${tb.id}/evaluation`, {
      submissionKey: key(form.body),
      outcomesMet: '5',
      confidenceBefore: '2',
      confidenceAfter: '4',
      comment: 'Ask what, not why.',
    });
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(303);
    const again = await teacher.get(`/training/bookings/${tb.id}/evaluation`);
    expect(again.body).toContain('You have already given this evaluation');

    // The figures: by agency type, attendance and confidence gained.
    const period = {
      from: format(addDays(new Date(), -40), 'yyyy-MM-dd'),
      to: format(addDays(new Date(), 2), 'yyyy-MM-dd'),
    };
    const [places, rate, gain] = trainingIndicators;
    const byAgency = await places!.compute(t.database.db, period, 'agency');
    expect(byAgency.groups!.map((g) => g.label)).toEqual(expect.arrayContaining(['Police']));
    const attended = await rate!.compute(t.database.db, period);
    expect(attended.total).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect((await gain!.compute(t.database.db, period)).total.value).toBe(2);
  });

  it('refuses an evaluation outside its window', async () => {
    const id = await addSession();
    await book(teacher, id);
    const tb = (await bookingOf(id, (await principal('teacher@essex.example')).id))!;
    await hold(id, 1);
    await t.services.training.bookings.recordAttendance(
      actor,
      await principal('board.manager@essex.example'),
      id,
      new Map([[tb.id, 'attended']]),
    );
    await hold(id, 45);
    const late = await teacher.get(`/training/bookings/${tb.id}/evaluation`);
    expect(late.body).toMatch(/This evaluation closed on/);
    const early = await teacher.get(`/training/bookings/${tb.id}/follow-up`);
    expect(early.body).toMatch(/This evaluation opens on/);
    expect(
      await t.services.training.bookings.evaluationWindow(await principal('teacher@essex.example'), tb.id, 'after'),
    ).toMatchObject({ reason: expect.stringMatching(/closed/) });
  });

  it('makes the follow-up due months later: on the home page, one email, idempotent', async () => {
    const id = await addSession();
    await book(teacher, id);
    const tb = (await bookingOf(id, (await principal('teacher@essex.example')).id))!;
    await hold(id, 1);
    await t.services.training.bookings.recordAttendance(
      actor,
      await principal('board.manager@essex.example'),
      id,
      new Map([[tb.id, 'attended']]),
    );
    const months = (await t.services.training.settings()).evaluation.followUpAfterMonths;
    const started = addDays(addMonths(new Date(), -months), -1);
    await t.database.db.updateTable('training_sessions').set({ starts_at: started }).where('id', '=', id).execute();
    const first = await t.services.training.bookings.startFollowUps();
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await t.services.training.bookings.startFollowUps()).toBe(0);
    const emails = await t.database.db
      .selectFrom('notify_outbox')
      .select('id')
      .where('template', '=', 'training-follow-up-due')
      .where('body', 'like', `%${tb.id}%`)
      .execute();
    expect(emails).toHaveLength(1);
    expect((await teacher.get('/')).body).toMatch(/Training: \d+ evaluations? due/);
    const form = await teacher.get(`/training/bookings/${tb.id}/follow-up`);
    const sent = await teacher.post(`/training/bookings/${tb.id}/follow-up`, {
      submissionKey: key(form.body),
      impact: '4',
      comment: 'I now ask the family what happened, not why.',
    });
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(303);
    const evaluation = await t.database.db
      .selectFrom('training_evaluations')
      .selectAll()
      .where('booking_id', '=', tb.id)
      .where('kind', '=', 'follow-up')
      .executeTakeFirstOrThrow();
    expect(evaluation.impact).toBe(4);
  });
});

describe('champions', () => {
  it('refuses an end before the start, and lists the network by quadrant with its gaps', async () => {
    const page = await manager.get('/training/champions/new');
    const fields = {
      network: 'child-exploitation',
      name: 'Priya Shah',
      organisationId: '',
      organisationName: 'Chelmsford Youth Club',
      quadrant: 'mid',
      'startedOn-day': '1',
      'startedOn-month': '3',
      'startedOn-year': '2026',
    };
    const bad = await manager.post('/training/champions', {
      submissionKey: key(page.body),
      ...fields,
      'endedOn-day': '1',
      'endedOn-month': '2',
      'endedOn-year': '2026',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toContain(
      'The date they stopped must be the same as or after the date they started',
    );
    expect(await t.database.db.selectFrom('training_champions').select('id').execute()).toEqual([]);
    const ok = await manager.post('/training/champions', {
      submissionKey: key(page.body),
      ...fields,
      'endedOn-day': '',
      'endedOn-month': '',
      'endedOn-year': '',
    });
    expect(ok.statusCode, errorSummary(ok.body).join()).toBe(303);
    const list = await teacher.get('/training/champions');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Priya Shah, Chelmsford Youth Club');
    expect(list.body).toMatch(/1 serving now\.\s*<strong>No champion in: [^<]*North East/);
    const period = { from: '2026-01-01', to: format(addDays(new Date(), 1), 'yyyy-MM-dd') };
    const champions = await trainingIndicators[4]!.compute(t.database.db, period, 'quadrant');
    expect(champions.groups).toEqual([{ key: 'mid', label: expect.any(String), figure: { value: 1 } }]);
  });
});
