import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../platform/db/migrate.ts';
import type { CurrentUser } from '../../../platform/http/types.ts';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import { EarlyHelpDenied, EarlyHelpError, type EarlyHelpService } from '../service.ts';
import { hubWorkItem, userByEmail } from '../test-support.ts';

/**
 * TAF Support Officers support the lead professional and never hold a case (seed 004: "The TAFSOs do not
 * case hold and operate within Level 2"; seed 002: introduced "to support partners working at level 2").
 */

let t: TestApp;
let earlyHelp: EarlyHelpService;
let tafso: CurrentUser;
let teacher: CurrentUser;
let police: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
const roles = (involved: { user_id: string; role: string; to_at: Date | null }[]) =>
  involved
    .filter((i) => !i.to_at)
    .map((i) => `${i.user_id === tafso.id ? 'tafso' : i.user_id === teacher.id ? 'teacher' : 'police'}:${i.role}`)
    .sort();

beforeAll(async () => {
  t = await createTestApp();
  earlyHelp = t.services.earlyHelp;
  tafso = await userByEmail(t.services, 'tafso@essex.example');
  teacher = await userByEmail(t.services, 'teacher@essex.example');
  police = await userByEmail(t.services, 'police@essex.example');
});
afterAll(() => t?.close());

describe('taking on the Hub’s Team Around the Family work', () => {
  it('makes the requester the lead professional and records the TAF Support Officer as supporting them', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Ashby', children: ['Ruby'], parent: 'Jade' });
    const done = await earlyHelp.startFromWorkItem(actorFor(tafso), tafso, item.id, item.version, {
      lead: { kind: 'requester' },
    });
    expect(done.lead).toEqual({ id: teacher.id, displayName: 'Grace Okafor' });
    const episode = (await earlyHelp.family(tafso, done.familyId))!.episodes[0]!;
    expect(episode).toMatchObject({ level: 2, pathway: 'taf', lead_professional_id: teacher.id });
    expect(roles(episode.involved)).toEqual(['tafso:taf-support', 'teacher:lead-professional']);
    // The supporting officer may help with the family's record; the lead can too.
    expect(await earlyHelp.involvementsIn(done.familyId, tafso)).toEqual(['taf-support']);
    expect(await earlyHelp.involvementsIn(done.familyId, teacher)).toEqual(['lead-professional']);
  });

  it('takes another practitioner by email as the lead, and never a TAF Support Officer', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Bexley', children: ['Finn'] });
    await expect(
      earlyHelp.startFromWorkItem(actorFor(tafso), tafso, item.id, item.version, {
        lead: { kind: 'practitioner', email: 'tafso@essex.example' },
      }),
    ).rejects.toThrow('Sam Patel is a TAF Support Officer: they support the lead professional and do not hold cases');
    await expect(
      earlyHelp.startFromWorkItem(actorFor(tafso), tafso, item.id, item.version, {
        lead: { kind: 'practitioner', email: 'fs.manager@essex.example ' },
      }),
    ).resolves.toMatchObject({ lead: { displayName: 'Chris Evans' } });
  });

  it('asks who leads, and records "not yet agreed" when no partner has agreed to lead yet', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Colne', children: ['Maya'] });
    const missing = earlyHelp.startFromWorkItem(actorFor(tafso), tafso, item.id, item.version);
    await expect(missing).rejects.toBeInstanceOf(EarlyHelpError);
    await expect(missing).rejects.toThrow('Choose who will be the family’s lead professional');

    const done = await earlyHelp.startFromWorkItem(actorFor(tafso), tafso, item.id, item.version, {
      lead: { kind: 'not-agreed' },
    });
    expect(done.lead).toBeNull();
    const episode = (await earlyHelp.family(tafso, done.familyId))!.episodes[0]!;
    expect(episode.lead_professional_id).toBeNull();
    expect(roles(episode.involved)).toEqual(['tafso:taf-support']);

    const home = await t.services.home.workerHome(tafso, '2026-12-07');
    expect(home.supported.map((f) => f.family_name)).toContain('The Colne family');
    expect(home.leadNotAgreed.map((f) => f.family_name)).toEqual(['The Colne family']);
    expect(home.families.map((f) => f.family_name)).not.toContain('The Colne family');

    // The officer helps a partner take the lead, then records them; they cannot name themselves.
    await expect(
      earlyHelp.changeLeadProfessional(actorFor(tafso), tafso, episode.id, episode.version, {
        email: 'tafso@essex.example',
      }),
    ).rejects.toThrow(/TAF Support Officer/);
    await earlyHelp.changeLeadProfessional(actorFor(tafso), tafso, episode.id, episode.version, {
      email: 'police@essex.example',
    });
    const after = (await earlyHelp.family(tafso, done.familyId))!.episodes[0]!;
    expect(after.lead_professional_id).toBe(police.id);
    expect(roles(after.involved)).toEqual(['police:lead-professional', 'tafso:taf-support']);
    const later = await t.services.home.workerHome(tafso, '2026-12-07');
    expect(later.leadNotAgreed.map((f) => f.family_name)).not.toContain('The Colne family');
  });

  it('says when the requester cannot lead a family (a Hub practitioner made the request)', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Dengie', children: ['Leo'] });
    const hub = await userByEmail(t.services, 'hub.practitioner@essex.example');
    await t.database.db
      .updateTable('requests_for_support')
      .set({ requester_user_id: hub.id })
      .where('id', '=', item.requestId)
      .execute();
    await expect(
      earlyHelp.startFromWorkItem(actorFor(tafso), tafso, item.id, item.version, { lead: { kind: 'requester' } }),
    ).rejects.toThrow('Priya Shah cannot be a family’s lead professional in Hearth');
  });
});

describe('a TAF Support Officer’s own start', () => {
  it('is refused: early help is started by the practitioner who will lead it', async () => {
    await expect(
      earlyHelp.startByPartner(actorFor(tafso), tafso, {
        familyName: 'The Epping family',
        districtCode: 'harlow',
        person: { details: { firstName: 'Ivy', lastName: 'Epping', dateOfBirth: '2016-04-05', postcode: null } },
        relationship: 'child',
      }),
    ).rejects.toBeInstanceOf(EarlyHelpDenied);
  });
});

describe('migration 0032', () => {
  it('moves a TAF Support Officer who held a family (before this change) to supporting, lead not yet agreed', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Fordham', children: ['Zac'] });
    const { familyId, episodeId } = await earlyHelp.startFromWorkItem(actorFor(tafso), tafso, item.id, item.version, {
      lead: { kind: 'not-agreed' },
    });
    // As taking on TAF work used to leave it: the officer as lead professional and allocated worker.
    const db = t.database.db;
    await db.updateTable('episodes').set({ lead_professional_id: tafso.id }).where('id', '=', episodeId).execute();
    await db.deleteFrom('episode_involvements').where('episode_id', '=', episodeId).execute();
    await db
      .insertInto('episode_involvements')
      .values(
        (['lead-professional', 'allocated-worker'] as const).map((role) => ({
          id: crypto.randomUUID(),
          episode_id: episodeId,
          user_id: tafso.id,
          role,
          created_by: tafso.id,
        })),
      )
      .execute();

    const script = await readFile(path.join(MIGRATIONS_DIR, '0032_taf_support.sql'), 'utf8');
    await t.database.scriptTransaction((tx) => tx.exec(script));

    const episode = (await earlyHelp.family(tafso, familyId))!.episodes[0]!;
    expect(episode.lead_professional_id).toBeNull();
    expect(roles(episode.involved)).toEqual(['tafso:taf-support']);
    expect((await t.services.home.workerHome(tafso, '2026-12-07')).leadNotAgreed.map((f) => f.family_id)).toContain(
      familyId,
    );
  });
});
