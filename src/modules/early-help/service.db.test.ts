import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecidedRecord } from '../../platform/http/route-access.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { ClosureRefused, EarlyHelpDenied, type EarlyHelpService } from './service.ts';
import { hubWorkItem, userByEmail } from './test-support.ts';

/** Families and episodes against the real Hub hand-over, on PGlite and PostgreSQL. */

let t: TestApp;
let earlyHelp: EarlyHelpService;
let worker: CurrentUser;
let teacher: CurrentUser;
let police: CurrentUser;
let hubPractitioner: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });

beforeAll(async () => {
  t = await createTestApp();
  earlyHelp = t.services.earlyHelp;
  worker = await userByEmail(t.services, 'fs.worker@essex.example');
  teacher = await userByEmail(t.services, 'teacher@essex.example');
  police = await userByEmail(t.services, 'police@essex.example');
  hubPractitioner = await userByEmail(t.services, 'hub.practitioner@essex.example');
});
afterAll(() => t?.close());

const episodeVersion = async (id: string) => (await earlyHelp.episodeRow(id))!.version;

describe('starting from a Hub work item', () => {
  it('opens the family and an episode at the decision’s level, and refuses a second acceptance', async () => {
    const item = await hubWorkItem(t.services, {
      kind: 'family-solutions',
      surname: 'Smith',
      children: ['Jayden', 'Lily'],
      parent: 'Kerry',
    });
    expect((await earlyHelp.workList(worker)).items.map((w) => w.id)).toContain(item.id);

    const { familyId, episodeId } = await earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version);
    const record = (await earlyHelp.family(worker, familyId))!;
    expect(record.family.name).toBe('The Smith family');
    expect(record.members.map((m) => [m.name, m.relationship])).toEqual(
      expect.arrayContaining([
        ['Jayden Smith', 'child'],
        ['Lily Smith', 'child'],
        ['Kerry Smith', 'parent'],
      ]),
    );
    expect(record.addresses.map((a) => a.address)).toEqual(['12 Mill Lane, Harlow']);
    const episode = record.episodes[0]!;
    expect(episode).toMatchObject({
      id: episodeId,
      level: 3,
      pathway: 'family-solutions',
      status: 'open',
      opened_from: 'hub-decision',
      lead_professional_id: worker.id,
    });
    expect(episode.needs.map((n) => n.outcome_area)).toEqual(['education', 'housing']);
    expect(episode.involved.map((i) => i.role).sort()).toEqual(['allocated-worker', 'lead-professional']);
    expect(episode.team_name).toBe('Family Solutions Harlow');
    expect((await earlyHelp.workList(worker)).items.map((w) => w.id)).not.toContain(item.id);

    await expect(earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version)).rejects.toThrow(
      'This work has already been taken on by Jo Carter',
    );
    expect(
      await t.database.db.selectFrom('episodes').select('id').where('hub_work_item_id', '=', item.id).execute(),
    ).toHaveLength(1);
  });

  it('says who the Hub still has to match before the work can be taken on, and accepts nothing', async () => {
    const item = await hubWorkItem(t.services, {
      kind: 'family-solutions',
      surname: 'Unmatched',
      children: ['Ava'],
      unlinked: true,
    });
    await expect(earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version)).rejects.toThrow(
      /The Hub has not yet matched Ava Unmatched to a person record/,
    );
    expect((await earlyHelp.workList(worker)).items.map((w) => w.id)).toContain(item.id);
  });

  it('does not let a partner practitioner take on Hub work', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Brown', children: ['Noah'] });
    await expect(earlyHelp.startFromWorkItem(actorFor(teacher), teacher, item.id, item.version)).rejects.toBeInstanceOf(
      EarlyHelpDenied,
    );
    // A Harlow worker does not take on Basildon's work.
    const elsewhere = await hubWorkItem(t.services, {
      kind: 'family-solutions',
      surname: 'Farr',
      children: ['Isla'],
      district: 'basildon',
    });
    await expect(
      earlyHelp.startFromWorkItem(actorFor(worker), worker, elsewhere.id, elsewhere.version),
    ).rejects.toThrow('This work is no longer open, or is not for your team');
  });
});

describe('a partner’s own start at level 2', () => {
  it('finds or creates the person, opens at level 2, and refuses a likely duplicate', async () => {
    const details = { firstName: 'Oliver', lastName: 'Partridge', dateOfBirth: '2015-02-03', postcode: 'CM20 2AB' };
    const { familyId, episodeId } = await earlyHelp.startByPartner(actorFor(teacher), teacher, {
      familyName: 'The Partridge family',
      districtCode: 'harlow',
      person: { details },
      relationship: 'child',
    });
    const record = (await earlyHelp.family(teacher, familyId))!;
    expect(record.episodes[0]).toMatchObject({
      id: episodeId,
      level: 2,
      opened_from: 'partner-start',
      lead_professional_id: teacher.id,
    });
    expect(record.members.map((m) => m.name)).toEqual(['Oliver Partridge']);

    // Someone else about the same boy: Hearth already knows him, so a new record is refused.
    await expect(
      earlyHelp.startByPartner(actorFor(police), police, {
        familyName: 'Partridge',
        districtCode: 'harlow',
        person: { details: { ...details, firstName: 'Olly' } },
        relationship: 'child',
      }),
    ).rejects.toThrow(/already has a record that is probably this person: Oliver Partridge/);
    // Choosing him finds his family, which already has early help open.
    const personId = record.members[0]!.person_id;
    await expect(
      earlyHelp.startByPartner(actorFor(police), police, {
        familyName: 'Partridge',
        districtCode: 'harlow',
        person: { personId },
        relationship: 'child',
      }),
    ).rejects.toThrow(
      'The Partridge family already has early help open, led by Grace Okafor. Ask them to add this to their work',
    );
  });
});

describe('members, levels and closing', () => {
  it('refuses a person already in the family, keeps level history, and closes with an outcome per need', async () => {
    const item = await hubWorkItem(t.services, {
      kind: 'family-solutions',
      surname: 'Jones',
      children: ['Mia'],
      parent: 'Dean',
    });
    const { familyId, episodeId } = await earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version);
    let record = (await earlyHelp.family(worker, familyId))!;
    const mia = record.members.find((m) => m.first_name === 'Mia')!;
    await expect(
      earlyHelp.addMember(actorFor(worker), worker, familyId, record.family.version, {
        person: { personId: mia.person_id },
        relationship: 'child',
      }),
    ).rejects.toThrow('Mia Jones is already in this family');
    await earlyHelp.addMember(actorFor(worker), worker, familyId, record.family.version, {
      person: { details: { firstName: 'Rosa', lastName: 'Jones', dateOfBirth: '1961-01-09' } },
      relationship: 'grandparent',
    });
    record = (await earlyHelp.family(worker, familyId))!;
    await expect(
      earlyHelp.addMember(actorFor(worker), worker, familyId, record.family.version - 1, {
        person: { personId: mia.person_id },
        relationship: 'sibling',
      }),
    ).rejects.toThrow();
    const dean = record.members.find((m) => m.first_name === 'Dean')!;
    await earlyHelp.endMembership(actorFor(worker), worker, familyId, record.family.version, dean.id);
    record = (await earlyHelp.family(worker, familyId))!;
    expect(
      record.members
        .filter((m) => m.current)
        .map((m) => m.first_name)
        .sort(),
    ).toEqual(['Mia', 'Rosa']);
    expect(record.members.find((m) => m.first_name === 'Dean')!.to_date).not.toBeNull();

    await expect(
      earlyHelp.changeLevel(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
        level: 3,
        reason: 'Same',
      }),
    ).rejects.toThrow('already at level 3');
    const down = await earlyHelp.changeLevel(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
      level: 2,
      reason: 'School attendance is back to 95%.',
    });
    expect(down).toEqual({ direction: 'step-down', request: null });
    record = (await earlyHelp.family(worker, familyId))!;
    // The first level is the Hub's decision, credited to the Hub practitioner who made it, not to the worker.
    expect(record.episodes[0]!.levels.map((l) => [l.level, l.reason, l.changed_by_name])).toEqual([
      [2, 'School attendance is back to 95%.', 'Jo Carter'],
      [3, `Hub decision on request ${item.reference.slice(0, 4)} ${item.reference.slice(4)}`, 'Priya Shah'],
    ]);

    const needs = record.episodes[0]!.needs;
    const partial = await earlyHelp
      .close(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
        reason: 'needs-met',
        outcomes: { [needs[0]!.id]: 'achieved' },
      })
      .catch((e: unknown) => e);
    expect(partial).toBeInstanceOf(ClosureRefused);
    expect((partial as ClosureRefused).problems.map((p) => p.text)).toEqual(['Select an outcome for need 2']);
    await earlyHelp.close(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
      reason: 'needs-met',
      outcomes: { [needs[0]!.id]: 'achieved', [needs[1]!.id]: 'partly' },
    });
    record = (await earlyHelp.family(worker, familyId))!;
    expect(record.episodes[0]).toMatchObject({ status: 'closed', closure_reason: 'needs-met' });
    expect(record.episodes[0]!.needs.map((n) => n.outcome)).toEqual(['achieved', 'partly']);
    await expect(
      earlyHelp.changeLevel(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
        level: 3,
        reason: 'Again',
      }),
    ).rejects.toThrow('This episode has been closed');
  });

  it('sends a step up to level 4 to the Hub through the front door, with the handover', async () => {
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Khan', children: ['Zara'] });
    const { familyId, episodeId } = await earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version);
    const up = await earlyHelp.changeLevel(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
      level: 4,
      reason: 'Zara disclosed harm at home today.',
    });
    expect(up.direction).toBe('step-up');
    const sent = (await t.services.frontDoor.request(up.request!.id))!;
    expect(sent).toMatchObject({
      request_kind: 'step-up',
      current_level: 3,
      requested_level: 4,
      handover_summary: 'Zara disclosed harm at home today.',
      from_episode_id: episodeId,
    });
    const record = (await earlyHelp.family(worker, familyId))!;
    expect(record.episodes[0]!.levels[0]).toMatchObject({ level: 4, request_id: up.request!.id });
  });
});

describe('who may see a family', () => {
  it('denies an uninvolved partner and audits it; a casework role uses break-glass; a TAF member sees only their family', async () => {
    const a = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Adeyemi', children: ['Tobi'] });
    const b = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Baker', children: ['Ella'] });
    const first = await earlyHelp.startFromWorkItem(actorFor(worker), worker, a.id, a.version);
    const second = await earlyHelp.startFromWorkItem(actorFor(worker), worker, b.id, b.version);
    const { breakGlass } = t.services;
    const check = async (user: CurrentUser, familyId: string) =>
      breakGlass.checkView(actorFor(user), user, {
        type: 'family',
        id: familyId,
        involvements: await earlyHelp.involvementsIn(familyId, user),
      });

    const denied = await check(police, first.familyId);
    expect(denied).toMatchObject({ allowed: false });
    expect(denied.breakGlassAvailable).toBeFalsy();
    await expect(earlyHelp.family(police, first.familyId)).rejects.toBeInstanceOf(EarlyHelpDenied);
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('subject_id', '=', first.familyId)
      .where('actor_user_id', '=', police.id)
      .execute();
    expect(audited).toEqual([{ action: 'record.view-denied', outcome: 'denied' }]);
    await expect(
      earlyHelp.changeLevel(actorFor(police), police, first.episodeId, await episodeVersion(first.episodeId), {
        level: 2,
        reason: 'x',
      }),
    ).rejects.toBeInstanceOf(EarlyHelpDenied);

    // A Hub practitioner is a casework role: offered break-glass, then allowed while the grant lasts.
    expect((await check(hubPractitioner, first.familyId)).breakGlassAvailable).toBe(true);
    await breakGlass.grant(actorFor(hubPractitioner), hubPractitioner, {
      recordType: 'family',
      recordId: first.familyId,
      recordLabel: 'The Adeyemi family',
      reason: 'Police called about Tobi out of hours',
    });
    expect(await check(hubPractitioner, first.familyId)).toMatchObject({ allowed: true, reason: 'break-glass access' });
    expect((await earlyHelp.family(hubPractitioner, first.familyId))!.canEdit).toBe(false);
    expect(await breakGlass.describe({ type: 'family', id: first.familyId }, hubPractitioner)).toMatchObject({
      label: 'The Adeyemi family',
      href: `/families/${first.familyId}`,
    });

    // The police officer joins the Team Around the Family of the first family: that one only.
    await earlyHelp.addTafMember(actorFor(worker), worker, first.episodeId, await episodeVersion(first.episodeId), {
      email: 'police@essex.example',
    });
    await expect(
      earlyHelp.addTafMember(actorFor(worker), worker, first.episodeId, await episodeVersion(first.episodeId), {
        email: 'POLICE@essex.example',
      }),
    ).rejects.toThrow('Dan Whitfield is already in the Team Around the Family');
    expect(await check(police, first.familyId)).toMatchObject({ allowed: true, reason: 'involved as taf-member' });
    expect((await earlyHelp.family(police, first.familyId))!.canEdit).toBe(false);
    expect((await check(police, second.familyId)).allowed).toBe(false);
    expect((await earlyHelp.myEpisodes(police)).map((e) => e.family_id)).toEqual([first.familyId]);
  });

  it("shows a route's decided family on that decision's involvements and grant, and the policy still decides", async () => {
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Dalton', children: ['Rae'] });
    const { familyId } = await earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version);
    const decided = (involvements: DecidedRecord['involvements'], access: DecidedRecord['access'] = null) =>
      ({ type: 'family', id: familyId, involvements, access }) satisfies DecidedRecord;

    // As the route-access hook decides it: the same record as the service's own check gives.
    const involved = decided(await earlyHelp.involvementsIn(familyId, worker));
    expect(await earlyHelp.familyAsDecided(worker, involved)).toEqual(await earlyHelp.family(worker, familyId));
    // Involvements that do not let the viewer see it, and no grant: refused.
    await expect(earlyHelp.familyAsDecided(police, decided([]))).rejects.toBeInstanceOf(EarlyHelpDenied);
    // A break-glass grant in the decision: seen, not edited.
    const grant = await t.services.breakGlass.grant(actorFor(hubPractitioner), hubPractitioner, {
      recordType: 'family',
      recordId: familyId,
      recordLabel: 'The Dalton family',
      reason: 'Police called about Rae out of hours',
    });
    const viaGrant = decided([], { allowed: true, reason: 'break-glass access', grant, banner: null });
    expect((await earlyHelp.familyAsDecided(hubPractitioner, viaGrant))!.canEdit).toBe(false);
    // Another record type's decision is not a family's.
    await expect(earlyHelp.familyAsDecided(worker, { ...involved, type: 'person' })).rejects.toThrow(/not a family/);
  });

  it('records a change of lead professional and refuses someone who does not work with families', async () => {
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Clarke', children: ['Finn'] });
    const { familyId, episodeId } = await earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version);
    await expect(
      earlyHelp.changeLeadProfessional(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
        email: 'analyst@essex.example',
      }),
    ).rejects.toThrow('Ruth Adams cannot be a family’s lead professional in Hearth');
    await expect(
      earlyHelp.changeLeadProfessional(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
        email: 'nobody@essex.example',
      }),
    ).rejects.toThrow('There is no active Hearth user');
    await earlyHelp.changeLeadProfessional(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
      email: 'teacher@essex.example',
    });
    const episode = (await earlyHelp.family(worker, familyId))!.episodes[0]!;
    expect(episode.lead_professional_id).toBe(teacher.id);
    const leads = episode.involved
      .filter((i) => i.role === 'lead-professional')
      .map((i) => [i.user_id, i.to_at === null]);
    expect(leads).toEqual([
      [worker.id, false],
      [teacher.id, true],
    ]);
  });
});
