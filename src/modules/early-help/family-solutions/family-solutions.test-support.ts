import { afterAll, beforeAll } from 'vitest';
import type { CurrentUser } from '../../../platform/http/types.ts';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import { type FamilySolutionsService } from './service.ts';
import { hubWorkItem, userByEmail } from '../test-support.ts';

/** Family Solutions against the real Hub hand-over and early help service, on PGlite and PostgreSQL. */

export let t: TestApp;
export let fs: FamilySolutionsService;
export let worker: CurrentUser;
export let manager: CurrentUser;
export const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
export const episodeVersion = async (id: string) => (await t.services.earlyHelp.episodeRow(id))!.version;

export function useFamilySolutionsFixture() {
  beforeAll(async () => {
    t = await createTestApp();
    fs = t.services.familySolutions;
    worker = await userByEmail(t.services, 'fs.worker@essex.example');
    manager = await userByEmail(t.services, 'fs.manager@essex.example');
  });
  afterAll(() => t?.close());
}

/** A Harlow family the manager takes on from the Hub (so it waits for allocation), with a parent. */
export async function accepted(surname: string) {
  const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname, children: ['Sam'], parent: 'Alex' });
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    actorFor(manager),
    manager,
    item.id,
    item.version,
  );
  return { familyId, episodeId };
}
export async function allocated(surname: string) {
  const e = await accepted(surname);
  const harlow = (await fs.allocationOverview(manager)).teams.find((team) => team.name === 'Family Solutions Harlow')!;
  await fs.allocate(actorFor(manager), manager, e.episodeId, await episodeVersion(e.episodeId), {
    teamId: harlow.id,
    workerId: worker.id,
  });
  return { ...e, teamId: harlow.id };
}
export const adultsOf = async (familyId: string) =>
  (await t.services.earlyHelp.membersOf(familyId)).filter((m) => m.relationship === 'parent').map((m) => m.person_id);
