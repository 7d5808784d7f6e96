import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { seedDemoData } from '../../demo/seed-demo.ts';
import { AuditLog, type AuditActor } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import { Notify } from '../../platform/notify/notify.ts';
import { ReferenceService } from '../reference/index.ts';
import type { FamilyAnswers, LevelChangeInput, PersonEntry, PractitionerAnswers } from './answers.ts';
import { practitionerInput } from './rules.ts';
import { FrontDoorService, RequestNotReadyError, type Requester } from './service.ts';

let testDb: TestDatabase;
let service: FrontDoorService;
let requester: Requester;
const actor: AuditActor = { userId: null, label: 'test' };

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.database.db;
  await seedDemoData(db, 'essex');
  const audit = new AuditLog(db);
  service = new FrontDoorService(db, audit, new Notify(db), new ReferenceService(db, audit, { tenant: 'essex' }));
  const teacher = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'display_name'])
    .where('email', '=', 'teacher@essex.example')
    .executeTakeFirstOrThrow();
  requester = { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name };
});
afterAll(() => testDb.close());

const child = (overrides: Partial<PersonEntry> = {}): PersonEntry => ({
  id: newId(),
  role: 'child',
  relationship: '',
  firstName: 'Amy',
  lastName: 'Smith',
  dateOfBirth: '2016-09-01',
  isExpected: false,
  gender: 'female',
  address: '',
  postcode: 'CM1 1QH',
  school: '',
  gp: '',
  language: '',
  interpreterNeeded: false,
  hasSend: false,
  sendDetails: '',
  ...overrides,
});

const complete = (overrides: Partial<PractitionerAnswers> = {}): PractitionerAnswers => ({
  people: [child()],
  district: 'harlow',
  worries: [{ area: 'education', details: 'Missing school' }],
  strengths: 'Loving family',
  tried: { text: 'Mentoring', earlyHelpPlan: false, taf: false },
  level: { level: 2, reasons: 'Emerging needs' },
  consent: { request: true, sharing: true, reason: '' },
  ...overrides,
});

async function draftWith(answers: PractitionerAnswers) {
  const id = await service.startDraft(actor, requester.userId);
  await service.saveDraft(requester.userId, id, 1, () => answers);
  return id;
}

const counts = async () => {
  const db = testDb.database.db;
  const n = async (table: 'requests_for_support' | 'request_people' | 'audit_events' | 'notify_outbox') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    requests: await n('requests_for_support'),
    people: await n('request_people'),
    audit: await n('audit_events'),
    outbox: await n('notify_outbox'),
  };
};

const family = (overrides: Partial<FamilyAnswers> = {}): FamilyAnswers => ({
  aboutYou: {
    name: 'Jo Smith',
    relationship: 'parent',
    contactBy: 'email',
    email: 'jo@example.com',
    phone: '',
    address: '1 High Street',
    postcode: 'CM20 1AB',
    district: 'harlow',
    language: '',
    interpreterNeeded: false,
    contactNotes: '',
  },
  children: [child()],
  worries: [{ area: 'housing', details: 'We may lose our flat' }],
  helped: { strengths: 'We are close', tried: 'Nothing yet' },
  sharing: { agree: true, sharing: true },
  ...overrides,
});

describe('sending a request', () => {
  it('makes one request from two concurrent sends of the same draft', async () => {
    const id = await draftWith(complete());
    const before = await counts();
    const [a, b] = await Promise.all([
      service.submitPractitionerRequest(actor, requester, id),
      service.submitPractitionerRequest(actor, requester, id),
    ]);
    expect(a!.id).toBe(b!.id);
    expect(a!.reference).toBe(b!.reference);
    expect([a!.created, b!.created].sort()).toEqual([false, true]);
    const after = await counts();
    expect(after.requests - before.requests).toBe(1);
    expect(after.people - before.people).toBe(1);
    // A later retry (a retried POST) finds it too.
    expect(await service.submitPractitionerRequest(actor, requester, id)).toMatchObject({ id: a!.id, created: false });
    expect((await service.draft(requester.userId, id))?.submittedRequestId).toBe(a!.id);
  });

  it('makes one family request from two concurrent sends with the same key, with one email', async () => {
    const key = newId();
    const before = await counts();
    const [a, b] = await Promise.all([
      service.submitFamilyRequest(actor, key, family()),
      service.submitFamilyRequest(actor, key, family()),
    ]);
    expect(a.id).toBe(b.id);
    const after = await counts();
    expect(after.requests - before.requests).toBe(1);
    expect(after.people - before.people).toBe(2);
    expect(after.outbox - before.outbox).toBe(1);
  });

  it('leaves nothing half-written when a step fails: no request, people, audit event, email, or sent draft', async () => {
    const before = await counts();
    const broken = family({ children: [child({ role: 'alien' as never })] });
    await expect(service.submitFamilyRequest(actor, newId(), broken)).rejects.toThrow();
    const id = await draftWith(complete({ people: [child(), child({ role: 'alien' as never })] }));
    const afterDraft = await counts();
    await expect(service.submitPractitionerRequest(actor, requester, id)).rejects.toThrow();
    expect(await counts()).toEqual({ ...before, audit: afterDraft.audit });
    expect((await service.draft(requester.userId, id))?.submittedRequestId).toBeNull();
  });

  it('sends nothing until every section is answered', async () => {
    const id = await draftWith({ people: [child()], district: 'harlow' });
    const error = await service.submitPractitionerRequest(actor, requester, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestNotReadyError);
    expect((error as RequestNotReadyError).problems.map((p) => p.section)).toEqual([
      'worries',
      'strengths',
      'tried',
      'level',
      'consent',
    ]);
  });
});

describe('the consent rule', () => {
  it('refuses a request without consent unless it is level 4 with a reason, in the service and in the database', async () => {
    const noConsent = { request: false, sharing: true, reason: 'The family would flee' };
    await expect(
      service.submitPractitionerRequest(actor, requester, await draftWith(complete({ consent: noConsent }))),
    ).rejects.toBeInstanceOf(RequestNotReadyError);
    await expect(
      service.submitPractitionerRequest(
        actor,
        requester,
        await draftWith(complete({ consent: { ...noConsent, reason: ' ' }, level: { level: 4, reasons: 'Harm' } })),
      ),
    ).rejects.toBeInstanceOf(RequestNotReadyError);
    const sent = await service.submitPractitionerRequest(
      actor,
      requester,
      await draftWith(complete({ consent: noConsent, level: { level: 4, reasons: 'Harm' } })),
    );
    expect(await service.request(sent!.id)).toMatchObject({
      consent_to_request: false,
      no_consent_reason: 'The family would flee',
      requested_level: 4,
    });

    // The database holds the same rule, whatever code writes to it.
    const db = testDb.database.db;
    const error = await sql`update requests_for_support set requested_level = 2 where id = ${sent!.id}`
      .execute(db)
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('23514');
  });
});

describe('reading requests for the Hub', () => {
  it('returns a request with its people, and filters the queue', async () => {
    const baby = child({ firstName: 'Bo', dateOfBirth: null, isExpected: false });
    const older = await service.submitFamilyRequest(
      actor,
      newId(),
      family({ children: [child({ dateOfBirth: '2010-01-15' }), baby] }),
    );
    const found = await service.request(older.id);
    expect(found?.people.map((p) => [p.role, p.first_name, p.position])).toEqual([
      ['child', 'Amy', 0],
      ['child', 'Bo', 1],
      ['parent-carer', 'Jo', 2],
    ]);
    expect(found).toMatchObject({
      source: 'family',
      status: 'new',
      district_name: 'Harlow',
      quadrant_code: 'west',
      assigned_to: null,
    });

    const today = new Date().toISOString().slice(0, 10);
    const ids = async (filters: Parameters<FrontDoorService['listRequests']>[0]) =>
      (await service.listRequests(filters)).rows.map((r) => r.id);
    expect(await ids({ source: ['family'], quadrant: ['west'] })).toContain(older.id);
    expect(await ids({ quadrant: ['south'] })).not.toContain(older.id);
    expect(await ids({ district: ['harlow'], status: ['new'], assignedTo: 'unassigned' })).toContain(older.id);
    const age = Number(today.slice(0, 4)) - 2010 - (today.slice(5) < '01-15' ? 1 : 0);
    expect(await ids({ childAge: { min: age, max: age, today } })).toContain(older.id);
    expect(await ids({ childAge: { min: age + 1, max: 30, today } })).not.toContain(older.id);
    expect(await ids({ source: ['practitioner'] })).not.toContain(older.id);
    const { total } = await service.listRequests({ source: ['family'] });
    expect(total).toBeGreaterThanOrEqual(2);
  });
});

describe('step up and step down', () => {
  const levelChange = (overrides: Partial<LevelChangeInput> = {}): LevelChangeInput => ({
    ...practitionerInput(
      complete({ level: { level: 4, reasons: 'Drinking has got worse; the plan is not keeping Amy safe' } }),
    ),
    key: `episode:${newId()}`,
    kind: 'step-up',
    currentLevel: 2,
    handoverSummary: 'Six months of Early Help: attendance up, but home conditions worse since March.',
    fromEpisodeId: newId(),
    ...overrides,
  });

  it('sends a level change from casework once, with its audit event, however often it is retried', async () => {
    const input = levelChange();
    const before = await counts();
    const [a, b] = await Promise.all([
      service.submitLevelChange(actor, requester, input),
      service.submitLevelChange(actor, requester, input),
    ]);
    expect(a.id).toBe(b.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(
      await service.submitLevelChange(actor, requester, { ...input, handoverSummary: 'A retry with other words' }),
    ).toMatchObject({ id: a.id, created: false });
    const after = await counts();
    expect(after.requests - before.requests).toBe(1);
    expect(after.people - before.people).toBe(1);
    expect(after.audit - before.audit).toBe(1);
    expect(await service.request(a.id)).toMatchObject({
      source: 'practitioner',
      request_kind: 'step-up',
      current_level: 2,
      requested_level: 4,
      handover_summary: input.handoverSummary,
      from_episode_id: input.fromEpisodeId,
      idempotency_key: `level-change:${input.key}`,
      priority: 'immediate',
    });
    const audit = await testDb.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('subject_id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ kind: 'step-up', currentLevel: 2, fromEpisodeId: input.fromEpisodeId });
    expect((await service.listRequests({ kind: ['step-up'] })).rows.map((r) => r.id)).toContain(a.id);
    expect((await service.listRequests({ kind: ['new', 'step-down'] })).rows.map((r) => r.id)).not.toContain(a.id);
  });

  it('refuses a step up to the same or a lower level, and an unknown kind, writing nothing', async () => {
    const before = await counts();
    for (const bad of [
      levelChange({ requestedLevel: 2 }),
      levelChange({ requestedLevel: 1 }),
      levelChange({ kind: 'sideways' as never }),
      levelChange({ handoverSummary: '' }),
    ]) {
      const error = await service.submitLevelChange(actor, requester, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestNotReadyError);
    }
    expect(await counts()).toEqual(before);
  });

  it('sends a practitioner’s step down from a draft with its level now and handover', async () => {
    const id = await draftWith(
      complete({
        support: {
          kind: 'step-down',
          currentLevel: 4,
          handoverSummary: 'Social care closing: safety plan holding for 3 months.',
        },
        level: { level: 2, reasons: 'Needs met with school support' },
      }),
    );
    const sent = await service.submitPractitionerRequest(actor, requester, id);
    expect(await service.request(sent!.id)).toMatchObject({
      request_kind: 'step-down',
      current_level: 4,
      requested_level: 2,
      handover_summary: 'Social care closing: safety plan holding for 3 months.',
      from_episode_id: null,
    });
    const wrongWay = await draftWith(
      complete({
        support: { kind: 'step-down', currentLevel: 2, handoverSummary: 'x' },
        level: { level: 3, reasons: 'x' },
      }),
    );
    const error = await service.submitPractitionerRequest(actor, requester, wrongWay).catch((e: unknown) => e);
    expect((error as RequestNotReadyError).problems.map((p) => p.section)).toEqual(['level']);
  });

  it('holds the direction rule in the database too, whatever code writes to it', async () => {
    const sent = await service.submitLevelChange(actor, requester, levelChange({ requestedLevel: 3 }));
    const db = testDb.database.db;
    const refused = (statement: ReturnType<typeof sql>) =>
      statement.execute(db).then(
        () => null,
        (e: unknown) => (e as { code?: string }).code,
      );
    expect(await refused(sql`update requests_for_support set requested_level = 1 where id = ${sent.id}`)).toBe('23514');
    expect(await refused(sql`update requests_for_support set requested_level = 2 where id = ${sent.id}`)).toBe('23514');
    expect(await refused(sql`update requests_for_support set handover_summary = null where id = ${sent.id}`)).toBe(
      '23514',
    );
    expect(await refused(sql`update requests_for_support set request_kind = 'sideways' where id = ${sent.id}`)).toBe(
      '23514',
    );
    expect(await refused(sql`update requests_for_support set request_kind = 'new' where id = ${sent.id}`)).toBe(
      '23514',
    );
    expect(await refused(sql`update requests_for_support set request_kind = 'step-down' where id = ${sent.id}`)).toBe(
      '23514',
    );
    expect(await refused(sql`update requests_for_support set requested_level = 4 where id = ${sent.id}`)).toBeNull();
  });
});
