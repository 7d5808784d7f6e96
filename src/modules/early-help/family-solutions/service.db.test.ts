import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../platform/db/ids.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { AgreementRequired, FamilySolutionsDenied, OverCapacity } from './service.ts';
import {
  t,
  fs,
  worker,
  manager,
  actorFor,
  episodeVersion,
  accepted,
  allocated,
  adultsOf,
  useFamilySolutionsFixture,
} from './family-solutions.test-support.ts';

useFamilySolutionsFixture();
describe('allocation', () => {
  it('lists accepted families waiting, defaults to the team covering the district, and allocates to a worker', async () => {
    const { familyId, episodeId } = await accepted('Allocate');
    const overview = await fs.allocationOverview(manager);
    const waiting = overview.waiting.find((w) => w.id === episodeId)!;
    expect(waiting).toMatchObject({
      family_name: 'The Allocate family',
      district_name: 'Harlow',
      lead_name: 'Chris Evans',
    });
    expect(waiting.defaultTeam?.name).toBe('Family Solutions Harlow');
    const harlow = overview.teams.find((team) => team.id === waiting.defaultTeam!.id)!;
    const before = harlow.workers.find((w) => w.id === worker.id)!.caseload;

    await fs.allocate(actorFor(manager), manager, episodeId, await episodeVersion(episodeId), {
      teamId: harlow.id,
      workerId: worker.id,
    });
    const after = await fs.allocationOverview(manager);
    expect(after.waiting.map((w) => w.id)).not.toContain(episodeId);
    expect(after.teams.find((team) => team.id === harlow.id)!.workers.find((w) => w.id === worker.id)!.caseload).toBe(
      before + 1,
    );
    const record = (await t.services.earlyHelp.family(worker, familyId))!;
    const involved = record.episodes[0]!.involved.filter((i) => !i.to_at).map((i) => [i.display_name, i.role]);
    expect(involved).toEqual(
      expect.arrayContaining([
        ['Jo Carter', 'allocated-worker'],
        ['Jo Carter', 'lead-professional'],
      ]),
    );
    expect(involved).not.toContainEqual(['Chris Evans', 'allocated-worker']);
    // The manager keeps sight of the family as manager of its team, and no longer edits it.
    expect(await t.services.earlyHelp.involvementsIn(familyId, manager)).toEqual(['team-manager']);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', familyId)
      .where('action', '=', 'family-solutions.allocated')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('asks for a reason over capacity, keeps the reason, and refuses a stale version or a worker of another team', async () => {
    const settings = await fs.settings();
    const held = (await fs.repository.workerCaseloads([worker.id])).get(worker.id) ?? 0;
    const spy = vi
      .spyOn(t.services.reference, 'familySolutionsSettings')
      .mockResolvedValue({ ...settings, workerCapacity: held + 1 });
    try {
      await allocated('Full');
      const { episodeId } = await accepted('Over');
      const harlow = (await fs.allocationOverview(manager)).teams.find(
        (team) => team.name === 'Family Solutions Harlow',
      )!;
      const version = await episodeVersion(episodeId);
      await expect(
        fs.allocate(actorFor(manager), manager, episodeId, version, { teamId: harlow.id, workerId: worker.id }),
      ).rejects.toBeInstanceOf(OverCapacity);
      await expect(
        fs.allocate(actorFor(manager), manager, episodeId, version, { teamId: harlow.id, workerId: manager.id }),
      ).rejects.toThrow('Select a worker of Family Solutions Harlow');
      await expect(
        fs.allocate(actorFor(manager), manager, episodeId, version - 1, {
          teamId: harlow.id,
          workerId: worker.id,
          overCapacityReason: 'Sibling group',
        }),
      ).rejects.toBeInstanceOf(StaleVersionError);
      expect(
        await t.database.db.selectFrom('fs_allocations').select('id').where('episode_id', '=', episodeId).execute(),
      ).toHaveLength(0);
      await fs.allocate(actorFor(manager), manager, episodeId, version, {
        teamId: harlow.id,
        workerId: worker.id,
        overCapacityReason: 'Jo already works with the children’s cousins',
      });
      expect((await fs.repository.currentAllocation(episodeId))!.over_capacity_reason).toBe(
        'Jo already works with the children’s cousins',
      );
    } finally {
      spy.mockRestore();
    }
  });

  it('lets only a Family Solutions manager allocate', async () => {
    const { episodeId } = await accepted('NotYours');
    const harlow = (await fs.allocationOverview(manager)).teams.find(
      (team) => team.name === 'Family Solutions Harlow',
    )!;
    await expect(
      fs.allocate(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
        teamId: harlow.id,
        workerId: worker.id,
      }),
    ).rejects.toBeInstanceOf(FamilySolutionsDenied);
  });
});

describe('the family agreement', () => {
  it('gates work until it is recorded by the worker, with adults of the family only', async () => {
    const { familyId, episodeId } = await allocated('Agree');
    expect(await fs.hasAgreement(episodeId)).toBe(false);
    await expect(fs.requireAgreement(episodeId)).rejects.toBeInstanceOf(AgreementRequired);
    const members = await t.services.earlyHelp.membersOf(familyId);
    const child = members.find((m) => m.relationship === 'child')!.person_id;
    const parents = await adultsOf(familyId);
    const today = new Date().toISOString().slice(0, 10);
    const input = {
      agreedOn: today,
      agreedBy: parents,
      familyAgrees: 'Sam goes to school every day.',
      serviceAgrees: 'Weekly visits.',
    };

    await expect(
      fs.recordAgreement(actorFor(worker), worker, episodeId, 0, { ...input, agreedBy: [child] }),
    ).rejects.toThrow('Select the adults in the family who agreed');
    await expect(
      fs.recordAgreement(actorFor(worker), worker, episodeId, 0, { ...input, agreedBy: [newId()] }),
    ).rejects.toThrow('Select the adults in the family who agreed');
    await expect(
      fs.recordAgreement(actorFor(worker), worker, episodeId, 0, { ...input, agreedOn: '2999-01-01' }),
    ).rejects.toThrow('The date agreed must be today or in the past');
    await expect(
      fs.recordAgreement(actorFor(worker), worker, episodeId, 0, { ...input, agreedOn: '2020-01-01' }),
    ).rejects.toThrow('on or after the day Family Solutions started');
    await expect(fs.recordAgreement(actorFor(manager), manager, episodeId, 0, input)).rejects.toBeInstanceOf(
      FamilySolutionsDenied,
    );

    await fs.recordAgreement(actorFor(worker), worker, episodeId, 0, input);
    expect(await fs.hasAgreement(episodeId)).toBe(true);
    await fs.requireAgreement(episodeId);
    // A second "first" agreement, or a change from an old version, is refused.
    await expect(fs.recordAgreement(actorFor(worker), worker, episodeId, 0, input)).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    await fs.recordAgreement(actorFor(worker), worker, episodeId, 1, { ...input, serviceAgrees: 'Two visits a week.' });
    await expect(fs.recordAgreement(actorFor(worker), worker, episodeId, 1, input)).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    expect((await fs.repository.agreement(episodeId))!.service_agrees).toBe('Two visits a week.');
  });
});

describe('supervision', () => {
  it('is recorded by the team’s manager with a next date after today, and shows as due until then', async () => {
    const { episodeId } = await allocated('Supervise');
    const today = '2026-03-10';
    expect((await fs.episodePage(manager, episodeId, today)).supervisionDue).toBe(true);
    const input = {
      supervisedOn: '2026-03-10',
      notes: 'Attendance improving.',
      decisions: 'Keep weekly visits.',
      nextDue: '2026-03-10',
    };
    await expect(fs.recordSupervision(actorFor(manager), manager, episodeId, input, today)).rejects.toThrow(
      'The next supervision must be after today',
    );
    await expect(
      fs.recordSupervision(
        actorFor(manager),
        manager,
        episodeId,
        { ...input, supervisedOn: '2026-03-11', nextDue: '2026-04-10' },
        today,
      ),
    ).rejects.toThrow('today or in the past');
    await expect(
      fs.recordSupervision(actorFor(worker), worker, episodeId, { ...input, nextDue: '2026-04-10' }, today),
    ).rejects.toBeInstanceOf(FamilySolutionsDenied);
    await fs.recordSupervision(actorFor(manager), manager, episodeId, { ...input, nextDue: '2026-04-10' }, today);
    const page = await fs.episodePage(worker, episodeId, today);
    expect(page.supervisions.map((s) => [s.manager_name, s.next_due])).toEqual([['Chris Evans', '2026-04-10']]);
    expect(page.supervisionDue).toBe(false);
    expect((await fs.oversight(manager, '2026-04-10')).supervisionDue.map((e) => e.id)).toContain(episodeId);
    expect((await fs.oversight(manager, '2026-04-09')).supervisionDue.map((e) => e.id)).not.toContain(episodeId);
  });
});

describe('time-limit warnings', () => {
  it('emails the allocated worker once at 9 months and once at 11, however often the job runs', async () => {
    const { episodeId } = await allocated('Limit');
    await t.database.db
      .updateTable('episodes')
      .set({ opened_at: new Date('2024-01-15T10:00:00Z') })
      .where('id', '=', episodeId)
      .execute();
    const sent = () =>
      t.database.db
        .selectFrom('notify_outbox')
        .select('subject')
        .where('recipient', '=', 'fs.worker@essex.example')
        .where('subject', 'like', 'The Limit family:%')
        .execute();

    expect((await fs.sendTimeLimitWarnings('2024-10-14')).recorded).toBe(0);
    expect(await sent()).toHaveLength(0);
    await fs.sendTimeLimitWarnings('2024-10-15');
    await fs.sendTimeLimitWarnings('2024-10-16');
    expect((await sent()).map((m) => m.subject)).toEqual(['The Limit family: 9 months of Family Solutions']);
    await Promise.all([fs.sendTimeLimitWarnings('2024-12-20'), fs.sendTimeLimitWarnings('2024-12-20')]);
    expect((await sent()).map((m) => m.subject).sort()).toEqual([
      'The Limit family: 11 months of Family Solutions',
      'The Limit family: 9 months of Family Solutions',
    ]);
    const rows = await t.database.db
      .selectFrom('fs_time_limit_warnings')
      .select(['months', 'due_on', 'worker_id'])
      .where('episode_id', '=', episodeId)
      .orderBy('months')
      .execute();
    expect(rows).toEqual([
      { months: 9, due_on: '2024-10-15', worker_id: worker.id },
      { months: 11, due_on: '2024-12-15', worker_id: worker.id },
    ]);

    expect(
      (await fs.myFamilies(worker, '2024-12-20')).find((e) => e.id === episodeId)!.time.reached.map((w) => w.months),
    ).toEqual([9, 11]);
    expect((await fs.oversight(manager, '2024-12-20')).timeLimits.map((e) => e.id)).toContain(episodeId);
  });
});
