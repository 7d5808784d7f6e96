import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { seedDemoData } from '../../demo/seed-demo.ts';
import { AuditLog, type AuditActor } from '../audit/audit.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { AuthRepository } from '../auth/repository.ts';
import type { DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import { Notify } from '../notify/notify.ts';
import type { CurrentUser } from '../http/types.ts';
import { BreakGlassInputError, BreakGlassRefused, BreakGlassService, type GrantInput } from './service.ts';

let testDb: TestDatabase;
let db: Kysely<DB>;
let audit: AuditLog;
let notify: Notify;
let service: BreakGlassService;
// The service's clock: tests move it on rather than wait.
let now: Date;

const PUBLIC_URL = 'https://hearth.example';
const principal = async (email: string): Promise<CurrentUser> => {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return (await new AuthRepository(db).loadCurrentUser(row.id))!;
};
const actorFor = (user: CurrentUser): AuditActor => ({
  userId: user.id,
  label: user.email,
  sessionId: 'session',
  ip: '192.0.2.9',
  requestId: newId(),
});
const input = (overrides: Partial<GrantInput> = {}): GrantInput => ({
  recordType: 'person',
  recordId: newId(),
  recordLabel: 'Person HR-1042',
  reason: 'Police called about a missing child tonight; the allocated worker is off sick.',
  ...overrides,
});
const count = async (table: 'break_glass_grants' | 'notify_outbox' | 'audit_events') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const outboxTo = (email: string) =>
  db.selectFrom('notify_outbox').selectAll().where('recipient', '=', email).orderBy('id').execute();
const addUser = (u: { id: string; email: string; name: string; organisationId: string; active?: boolean }) =>
  db
    .insertInto('users')
    .values({
      ...{ id: u.id, email: u.email, display_name: u.name, organisation_id: u.organisationId },
      ...{ password_hash: null, totp_secret: null, totp_last_counter: null, two_factor_enrolled_at: null },
      ...{ locked_until: null, last_signed_in_at: null, created_by: null, updated_by: null },
      is_active: u.active ?? true,
    })
    .execute();
const eventsAbout = (type: string, id: string) =>
  db
    .selectFrom('audit_events')
    .select(['action', 'outcome', 'actor_user_id', 'details'])
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .orderBy('seq')
    .execute();

let worker: CurrentUser;
let fsManager: CurrentUser;
let hubPractitioner: CurrentUser;
let hubManager: CurrentUser;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await seedDemoData(db, 'essex');
  audit = new AuditLog(db);
  notify = new Notify(db);
  service = new BreakGlassService(db, audit, notify, { publicUrl: PUBLIC_URL, now: () => now });
  worker = await principal('fs.worker@essex.example');
  fsManager = await principal('fs.manager@essex.example');
  hubPractitioner = await principal('hub.practitioner@essex.example');
  hubManager = await principal('hub.manager@essex.example');
});
afterAll(() => testDb?.close());
beforeEach(() => {
  now = new Date('2026-03-03T14:30:00Z');
});

describe('granting break-glass access', () => {
  it('opens an hour by default, audits it and emails the managers of the user’s teams, all at once', async () => {
    const request = input();
    const grant = await service.grant(actorFor(worker), worker, {
      ...request,
      returnTo: `/people/${request.recordId}`,
    });
    expect(grant).toMatchObject({
      userId: worker.id,
      recordType: 'person',
      recordId: request.recordId,
      recordLabel: 'Person HR-1042',
      endedAt: null,
      managersAlerted: 1,
    });
    expect(grant.expiresAt.getTime() - grant.grantedAt.getTime()).toBe(60 * 60_000);

    const row = await db
      .selectFrom('break_glass_grants')
      .selectAll()
      .where('id', '=', grant.id)
      .executeTakeFirstOrThrow();
    expect(row.alerted_user_ids).toEqual([fsManager.id]);
    expect(row.manager_alerted_at).toEqual(now);

    const [email, ...more] = await outboxTo(fsManager.email);
    expect(more).toEqual([]);
    expect(email!.subject).toBe('Jo Carter used emergency access to Person HR-1042');
    expect(email!.body).toContain('Jo Carter (fs.worker@essex.example) used emergency access to Person HR-1042');
    expect(email!.body).toContain('Their reason: Police called about a missing child tonight');
    // 15:30 in London on 3 March (GMT).
    expect(email!.body).toContain('Their access ends at 3:30pm (60 minutes)');
    expect(email!.body).toContain(`${PUBLIC_URL}/access-log?type=person&id=${request.recordId}`);
    // Only the manager of the worker's own team is told.
    expect(await outboxTo(hubManager.email)).toEqual([]);

    const events = await eventsAbout('person', request.recordId);
    expect(events).toEqual([
      {
        action: 'break-glass.granted',
        outcome: 'success',
        actor_user_id: worker.id,
        details: expect.objectContaining({
          grantId: grant.id,
          minutes: 60,
          managersAlerted: [fsManager.id],
          returnTo: `/people/${request.recordId}`,
        }),
      },
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('is active until it expires, and asking again meanwhile returns the same grant without a second alert', async () => {
    const request = input();
    const grant = await service.grant(actorFor(worker), worker, { ...request, minutes: 30 });
    const emails = (await outboxTo(fsManager.email)).length;
    expect((await service.activeGrant(worker.id, 'person', request.recordId))?.id).toBe(grant.id);
    // Another user, record or type has no grant.
    expect(await service.activeGrant(hubPractitioner.id, 'person', request.recordId)).toBeNull();
    expect(await service.activeGrant(worker.id, 'family', request.recordId)).toBeNull();
    expect(await service.activeGrant(worker.id, 'person', newId())).toBeNull();

    now = new Date(now.getTime() + 10 * 60_000);
    expect((await service.grant(actorFor(worker), worker, request)).id).toBe(grant.id);
    expect((await outboxTo(fsManager.email)).length).toBe(emails);

    now = new Date(grant.expiresAt.getTime() - 1);
    expect(await service.activeGrant(worker.id, 'person', request.recordId)).not.toBeNull();
    now = grant.expiresAt;
    expect(await service.activeGrant(worker.id, 'person', request.recordId)).toBeNull();
    // Once expired, a new reason opens a new grant and a new alert.
    const again = await service.grant(actorFor(worker), worker, request);
    expect(again.id).not.toBe(grant.id);
    expect((await outboxTo(fsManager.email)).length).toBe(emails + 1);
  });

  it('tells the Hub managers in the user’s team, never inactive managers, nor the user themselves', async () => {
    const inactiveId = newId();
    const hubTeam = await db
      .selectFrom('teams')
      .select('id')
      .where('code', '=', 'children-and-families-hub')
      .executeTakeFirstOrThrow();
    await addUser({
      id: inactiveId,
      email: 'left@essex.example',
      name: 'Former Manager',
      organisationId: hubManager.organisationId,
      active: false,
    });
    await db.insertInto('user_roles').values({ user_id: inactiveId, role: 'hub-manager' }).execute();
    await db.insertInto('team_members').values({ user_id: inactiveId, team_id: hubTeam.id }).execute();

    const grant = await service.grant(actorFor(hubPractitioner), hubPractitioner, input());
    const row = await db
      .selectFrom('break_glass_grants')
      .select('alerted_user_ids')
      .where('id', '=', grant.id)
      .executeTakeFirstOrThrow();
    expect(row.alerted_user_ids).toEqual([hubManager.id]);
    expect(await outboxTo('left@essex.example')).toEqual([]);

    // The Hub manager is the only active manager in his team and the only hub manager: someone else
    // must still be told, so the system administrators are.
    const admin = await principal('admin@essex.example');
    const adminEmails = (await outboxTo(admin.email)).length;
    const own = await service.grant(actorFor(hubManager), hubManager, input());
    expect(own.managersAlerted).toBe(1);
    const row2 = await db
      .selectFrom('break_glass_grants')
      .select(['alerted_user_ids', 'manager_alerted_at'])
      .where('id', '=', own.id)
      .executeTakeFirstOrThrow();
    expect(row2).toEqual({ alerted_user_ids: [admin.id], manager_alerted_at: now });
    const toAdmin = await outboxTo(admin.email);
    expect(toAdmin).toHaveLength(adminEmails + 1);
    expect(toAdmin.at(-1)!.subject).toBe('Tom Reid used emergency access to Person HR-1042');
    expect(toAdmin.at(-1)!.body).toContain('nobody else manages their work');
    // Never the user themselves.
    expect((await outboxTo(hubManager.email)).map((e) => e.subject)).not.toContain(
      'Tom Reid used emergency access to Person HR-1042',
    );
  });

  it('tells every active hub manager when the user’s teams have no manager', async () => {
    const loneId = newId();
    await addUser({
      id: loneId,
      email: 'lone.worker@essex.example',
      name: 'Lone Worker',
      organisationId: worker.organisationId,
    });
    await db.insertInto('user_roles').values({ user_id: loneId, role: 'family-solutions-worker' }).execute();
    const lone = (await new AuthRepository(db).loadCurrentUser(loneId))!;
    const before = (await outboxTo(hubManager.email)).length;
    const grant = await service.grant(actorFor(lone), lone, input());
    expect(grant.managersAlerted).toBe(1);
    expect((await outboxTo(hubManager.email)).length).toBe(before + 1);
    expect((await outboxTo(fsManager.email)).map((e) => e.subject)).not.toContain(
      'Lone Worker used emergency access to Person HR-1042',
    );
  });

  it('refuses anyone the policy does not offer break-glass to, and records the refusal', async () => {
    for (const email of [
      'teacher@essex.example',
      'tafso@essex.example',
      'analyst@essex.example',
      'admin@essex.example',
      'provider@essex.example',
    ]) {
      const user = await principal(email);
      const request = input();
      const [grants, outbox] = [await count('break_glass_grants'), await count('notify_outbox')];
      await expect(service.grant(actorFor(user), user, request)).rejects.toBeInstanceOf(BreakGlassRefused);
      expect([await count('break_glass_grants'), await count('notify_outbox')]).toEqual([grants, outbox]);
      expect((await eventsAbout('person', request.recordId)).map((e) => [e.action, e.outcome])).toEqual([
        ['break-glass.refused', 'denied'],
      ]);
    }
  });

  it('refuses bad input with a message for the field, writing nothing', async () => {
    const cases: [Partial<GrantInput>, string, RegExp][] = [
      [{ reason: '' }, 'reason', /10 characters or more/],
      [{ reason: 'Too short' }, 'reason', /10 characters or more/],
      [{ reason: `   short     ` }, 'reason', /10 characters or more/],
      [{ reason: 'x'.repeat(1001) }, 'reason', /1000 characters or fewer/],
      [{ minutes: 0 }, 'minutes', /1 minute to 8 hours/],
      [{ minutes: 481 }, 'minutes', /1 minute to 8 hours/],
      [{ minutes: 1.5 }, 'minutes', /1 minute to 8 hours/],
      [{ minutes: Number.NaN }, 'minutes', /1 minute to 8 hours/],
      [{ recordId: 'not-a-uuid' }, 'record', /could not be found/],
      [{ recordId: "1' or '1'='1" }, 'record', /could not be found/],
      [{ recordType: 'Person Record' }, 'record', /could not be found/],
      [{ recordLabel: '   ' }, 'record', /could not be found/],
    ];
    const before = [await count('break_glass_grants'), await count('notify_outbox'), await count('audit_events')];
    for (const [overrides, field, message] of cases) {
      const error = await service.grant(actorFor(worker), worker, input(overrides)).catch((e: unknown) => e);
      expect(error, JSON.stringify(overrides)).toBeInstanceOf(BreakGlassInputError);
      expect((error as BreakGlassInputError).field).toBe(field);
      expect((error as BreakGlassInputError).message).toMatch(message);
    }
    expect([await count('break_glass_grants'), await count('notify_outbox'), await count('audit_events')]).toEqual(
      before,
    );
  });

  it('counts characters as the database does: 1,000 emoji are a reason of 1,000 characters; 8 hours is the longest', async () => {
    const grant = await service.grant(actorFor(worker), worker, input({ reason: '🚨'.repeat(1000), minutes: 480 }));
    expect([...grant.reason].length).toBe(1000);
    expect(grant.expiresAt.getTime() - grant.grantedAt.getTime()).toBe(8 * 60 * 60_000);
  });

  it('leaves nothing behind when the alert cannot be queued', async () => {
    const failing = new BreakGlassService(
      db,
      audit,
      { sendEmail: async () => Promise.reject(new Error('outbox unavailable')) } as unknown as Notify,
      { publicUrl: PUBLIC_URL, now: () => now },
    );
    const request = input();
    const before = [await count('break_glass_grants'), await count('audit_events')];
    await expect(failing.grant(actorFor(worker), worker, request)).rejects.toThrow('outbox unavailable');
    expect([await count('break_glass_grants'), await count('audit_events')]).toEqual(before);
    expect(await service.activeGrant(worker.id, 'person', request.recordId)).toBeNull();
  });
});

describe('ending break-glass access', () => {
  it('the holder ends it early, once; nobody else can, and forged ids are not found', async () => {
    const request = input();
    const grant = await service.grant(actorFor(worker), worker, request);
    expect(await service.endGrant(actorFor(hubPractitioner), grant.id)).toBeNull();
    expect(await service.endGrant(actorFor(worker), newId())).toBeNull();
    expect(await service.endGrant(actorFor(worker), 'not-a-uuid')).toBeNull();
    expect(await service.endGrant({ userId: null, label: 'anonymous' }, grant.id)).toBeNull();
    expect(await service.activeGrant(worker.id, 'person', request.recordId)).not.toBeNull();

    now = new Date(now.getTime() + 5 * 60_000);
    const ended = await service.endGrant(actorFor(worker), grant.id);
    expect(ended?.endedAt).toEqual(now);
    expect(await service.activeGrant(worker.id, 'person', request.recordId)).toBeNull();
    const again = await service.endGrant(actorFor(worker), grant.id);
    expect(again?.endedAt).toEqual(ended?.endedAt);
    expect((await eventsAbout('person', request.recordId)).map((e) => e.action)).toEqual([
      'break-glass.granted',
      'break-glass.ended',
    ]);
  });
});

describe('checking a view, and the access log', () => {
  it('records views and refusals, counts grants, and lists them all for the record, newest first', async () => {
    const recordId = newId();
    const record = { type: 'person', id: recordId };
    const involved = await service.checkView(actorFor(fsManager), fsManager, {
      ...record,
      involvements: ['team-manager'],
    });
    expect(involved).toMatchObject({ allowed: true, grant: null });

    const refused = await service.checkView(actorFor(worker), worker, { ...record, involvements: [] });
    expect(refused).toMatchObject({ allowed: false, breakGlassAvailable: true, grant: null });
    const teacher = await principal('teacher@essex.example');
    expect(await service.checkView(actorFor(teacher), teacher, { ...record, involvements: [] })).toMatchObject({
      allowed: false,
      grant: null,
    });
    expect(
      (await service.checkView(actorFor(teacher), teacher, { ...record, involvements: [] })).breakGlassAvailable,
    ).toBeUndefined();

    const grant = await service.grant(actorFor(worker), worker, { ...input(), recordId });
    const withGrant = await service.checkView(actorFor(worker), worker, { ...record, involvements: [] });
    expect(withGrant).toMatchObject({ allowed: true, reason: 'break-glass access', grant: { id: grant.id } });
    // Someone else's grant counts for nothing.
    expect(
      (await service.checkView(actorFor(hubPractitioner), hubPractitioner, { ...record, involvements: [] })).allowed,
    ).toBe(false);
    await service.endGrant(actorFor(worker), grant.id);
    expect((await service.checkView(actorFor(worker), worker, { ...record, involvements: [] })).allowed).toBe(false);

    const log = await service.accessLog('person', recordId);
    expect(log.map((e) => [e.who, e.summary])).toEqual([
      ['Jo Carter', 'Was refused access'],
      ['Jo Carter', 'Ended emergency access early'],
      ['Priya Shah', 'Was refused access'],
      ['Jo Carter', 'Viewed, using emergency access'],
      ['Jo Carter', 'Started emergency access'],
      ['Grace Okafor', 'Was refused access'],
      ['Grace Okafor', 'Was refused access'],
      ['Jo Carter', 'Was refused access'],
      ['Chris Evans', 'Viewed'],
    ]);
    const started = log.find((e) => e.action === 'break-glass.granted')!;
    expect(started.reason).toMatch(/^Police called/);
    expect(started.until).toEqual(grant.expiresAt);
    expect(
      log.filter((e) => e.action !== 'break-glass.granted').every((e) => e.reason === null && e.until === null),
    ).toBe(true);

    // Another record's log is separate; forged names find nothing.
    expect(await service.accessLog('person', newId())).toEqual([]);
    expect(await service.accessLog('family', recordId)).toEqual([]);
    expect(await service.accessLog("person' or 1=1 --", recordId)).toEqual([]);
    expect(await service.accessLog('person', 'not-a-uuid')).toEqual([]);
  });

  it('a manager alerted about a grant reviews the record’s access log as its team manager', async () => {
    const recordId = newId();
    const record = { type: 'person', id: recordId };
    const summary = { label: 'Person HR-7', href: '/people/x', involvements: [] };
    expect(await service.accessLogInvolvements(record, fsManager, summary)).toEqual([]);
    await service.grant(actorFor(worker), worker, { ...input(), recordId });
    expect(await service.accessLogInvolvements(record, fsManager, summary)).toEqual(['team-manager']);
    expect(await service.accessLogInvolvements(record, hubManager, summary)).toEqual([]);
  });
});
