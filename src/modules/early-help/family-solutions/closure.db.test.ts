/** Family Solutions closure: sustainment, the Supporting Families claim and re-requests (fixture: family-solutions.test-support.ts). */
import { describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { hubWorkItem } from '../test-support.ts';
import {
  t,
  fs,
  worker,
  manager,
  actorFor,
  episodeVersion,
  allocated,
  useFamilySolutionsFixture,
} from './family-solutions.test-support.ts';

useFamilySolutionsFixture();

describe('closure: sustainment, claim and re-requests', () => {
  async function closeWithOutcomes(episodeId: string, outcome: 'achieved' | 'partly') {
    const needs = await t.services.earlyHelp.needsOf([episodeId]);
    await t.services.earlyHelp.close(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
      reason: 'needs-met',
      outcomes: Object.fromEntries(needs.map((n) => [n.id, outcome])),
    });
  }

  it('creates the sustainment check 6 months after closure once, and records it', async () => {
    const { episodeId } = await allocated('Sustain');
    await closeWithOutcomes(episodeId, 'achieved');
    await t.database.db
      .updateTable('episodes')
      .set({ closed_at: new Date('2024-01-10T12:00:00Z') })
      .where('id', '=', episodeId)
      .execute();
    expect(await fs.createSustainmentChecks('2024-07-09')).toBe(0);
    expect(await fs.createSustainmentChecks('2024-07-10')).toBeGreaterThanOrEqual(1);
    expect(await fs.createSustainmentChecks('2024-07-11')).toBe(0);
    const check = (await fs.repository.sustainmentCheck(episodeId))!;
    expect(check).toMatchObject({ due_on: '2024-07-10', sustained: null });
    expect((await fs.oversight(manager, '2024-07-10')).sustainmentDue.map((c) => c.episode_id)).toContain(episodeId);

    await fs.recordSustainment(actorFor(worker), worker, episodeId, check.version, {
      sustained: true,
      notes: 'Still attending.',
    });
    await expect(
      fs.recordSustainment(actorFor(worker), worker, episodeId, check.version, { sustained: false, notes: '' }),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect((await fs.repository.sustainmentCheck(episodeId))!.sustained).toBe(true);
  });

  it('shows whether a closed family meets the Supporting Families claim rules', async () => {
    const { episodeId } = await allocated('Claim');
    await t.services.earlyHelp.addNeed(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
      area: 'health',
      description: 'Mum’s anxiety stops her going out.',
    });
    await closeWithOutcomes(episodeId, 'achieved');
    let page = await fs.episodePage(worker, episodeId);
    const statusOf = () => Object.fromEntries(page.claim!.criteria.map((c) => [c.code, c.status]));
    expect(statusOf()).toMatchObject({
      'outcome-areas': 'met',
      'lead-practitioner': 'met',
      'outcomes-achieved': 'met',
      sustained: 'waiting',
    });
    // The assessment and plan tables exist in this build: nothing recorded for this family means "not met".
    expect(statusOf().assessment).toBe('not-met');
    expect(page.claim!.result).toBe('does-not-meet');

    await t.database.db
      .insertInto('assessments')
      .values({
        id: newId(),
        episode_id: episodeId,
        status: 'completed',
        completed_at: new Date(),
        completed_by: worker.id,
        created_by: worker.id,
        updated_by: worker.id,
      })
      .execute();
    await t.database.db
      .insertInto('plans')
      .values({
        id: newId(),
        episode_id: episodeId,
        start_date: '2026-01-01',
        next_review_date: '2026-02-12',
        created_by: worker.id,
        updated_by: worker.id,
      })
      .execute();
    await t.database.db
      .insertInto('fs_sustainment_checks')
      .values({
        id: newId(),
        episode_id: episodeId,
        due_on: '2026-07-01',
        sustained: true,
        notes: null,
        recorded_at: new Date(),
        recorded_by: worker.id,
        created_by: null,
        updated_by: null,
      })
      .execute();
    page = await fs.episodePage(worker, episodeId);
    expect(page.claim!.result).toBe('meets');
  });

  it('does not meet the rules with needs in two outcome areas only, or partly achieved', async () => {
    const { episodeId } = await allocated('Partly');
    await closeWithOutcomes(episodeId, 'partly');
    const page = await fs.episodePage(worker, episodeId);
    expect(Object.fromEntries(page.claim!.criteria.map((c) => [c.code, c.status]))).toMatchObject({
      'outcome-areas': 'not-met',
      'outcomes-achieved': 'not-met',
    });
    expect(page.claim!.result).toBe('does-not-meet');
  });

  it('counts a new Request for Support about the family’s people within 6 months of closure', async () => {
    const { familyId, episodeId } = await allocated('Again');
    await closeWithOutcomes(episodeId, 'achieved');
    expect((await fs.episodePage(worker, episodeId)).reRequests).toBe(0);
    const child = (await t.services.earlyHelp.membersOf(familyId)).find((m) => m.relationship === 'child')!.person_id;
    // A school asks again about the same child: the Hub links them to the same person record.
    const again = await hubWorkItem(t.services, { kind: 'taf', surname: 'Again', children: ['Sam'] });
    await t.database.db
      .updateTable('request_people')
      .set({ person_id: child })
      .where('request_id', '=', again.requestId)
      .where('role', '=', 'child')
      .execute();
    expect((await fs.episodePage(worker, episodeId)).reRequests).toBe(1);
    // Seven months after closure is outside the window.
    const closedAt = (await t.services.earlyHelp.episodeRow(episodeId))!.closed_at!;
    await t.database.db
      .updateTable('requests_for_support')
      .set({ received_at: new Date(closedAt.getTime() + 213 * 86_400_000) })
      .where('id', '=', again.requestId)
      .execute();
    expect((await fs.episodePage(worker, episodeId)).reRequests).toBe(0);
  });
});
