import type { AuditActor } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { NeedOutcome } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { RequestNotReadyError, type PersonEntry } from '../../front-door/index.ts';
import { FAMILY_RECORD_TYPE } from '../records.ts';
import { closureProblems, levelChangeRoute, requestRoleOf } from '../rules.ts';
import { type EarlyHelpCore } from './core.ts';
import { ClosureRefused, EarlyHelpError, type CloseInput, type Viewer } from './types.ts';

/** The episode's level (and a step up or down through the Hub), its needs, and its closure. */
export class EpisodeChanges {
  constructor(private readonly core: EarlyHelpCore) {}

  /**
   * Steps the level up or down with a reason, kept in the level history. Leaving early help (a step
   * up to 4 or down to 1) also sends a Request for Support to the Hub through the front door, with
   * the reason as the handover summary, the family's current members and the episode's needs.
   */
  async changeLevel(
    actor: AuditActor,
    viewer: Viewer,
    episodeId: string,
    version: number,
    input: { level: number; reason: string },
  ) {
    const episode = await this.core.openEpisodeOrThrow(episodeId);
    await this.core.requireEdit(actor, viewer, episode.family_id);
    const reason = input.reason.trim();
    if (!Number.isInteger(input.level) || input.level < 1 || input.level > 4)
      throw new EarlyHelpError('level', 'Select the new level of need');
    if (!reason) throw new EarlyHelpError('reason', 'Enter why the level of need has changed');
    if (reason.length > 5000) throw new EarlyHelpError('reason', 'The reason must be 5,000 characters or fewer');
    const route = levelChangeRoute(episode.level, input.level);
    if (route.kind === 'same')
      throw new EarlyHelpError('level', `The family is already at level ${episode.level}: choose a different level`);
    if (episode.version !== version) throw new StaleVersionError('This episode');
    const sent =
      route.kind === 'front-door'
        ? await this.sendLevelChange(actor, viewer, episode, version, route.direction, input.level, reason)
        : null;
    await this.core.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'episodes',
        { id: episodeId, version, by: actor.userId, what: 'This episode' },
        { level: input.level },
      );
      await tx
        .insertInto('episode_levels')
        .values({
          id: newId(),
          episode_id: episodeId,
          level: input.level,
          reason,
          changed_by: actor.userId,
          request_id: sent?.id ?? null,
        })
        .execute();
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.level.changed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, from: episode.level, to: input.level, requestId: sent?.id ?? null },
        },
        tx,
      );
    });
    return { direction: route.direction, request: sent };
  }

  private async sendLevelChange(
    actor: AuditActor,
    viewer: Viewer,
    episode: { id: string; family_id: string; level: number },
    version: number,
    kind: 'step-up' | 'step-down',
    level: number,
    reason: string,
  ) {
    const family = (await this.core.repository.family(episode.family_id))!;
    const [members, needs] = await Promise.all([
      this.core.members(episode.family_id),
      this.core.repository.needs([episode.id]),
    ]);
    const current = members.filter((m) => m.to_date === null);
    if (!current.some((m) => requestRoleOf(m.relationship) === 'child'))
      throw new EarlyHelpError('level', 'Add the family’s children before asking the Hub to change the level');
    if (!needs.length)
      throw new EarlyHelpError(
        'level',
        'Record the family’s needs before asking the Hub to change the level. If a child is at risk of harm now, phone the Hub',
      );
    const people: Omit<PersonEntry, 'id'>[] = current.map((m) => ({
      role: requestRoleOf(m.relationship),
      relationship: m.relationship,
      firstName: m.first_name,
      lastName: m.last_name,
      dateOfBirth: m.date_of_birth ?? m.expected_date,
      isExpected: !m.date_of_birth && !!m.expected_date,
      gender: m.gender ?? '',
      address: m.address ?? '',
      postcode: m.postcode ?? '',
      school: '',
      gp: '',
      language: '',
      interpreterNeeded: false,
      hasSend: false,
      sendDetails: '',
    }));
    // A step up to specialist support is a safeguarding referral: it goes without asking consent, saying why.
    const stepUp = kind === 'step-up';
    try {
      return await this.core.deps.frontDoor.submitLevelChange(
        actor,
        { userId: viewer.id, organisationId: viewer.organisationId, name: viewer.displayName },
        {
          kind,
          currentLevel: episode.level,
          handoverSummary: reason,
          fromEpisodeId: episode.id,
          key: `${episode.id}:${version}`,
          districtCode: family.district_code,
          people,
          worries: needs.map((n) => ({ area: n.outcome_area, details: n.description })),
          strengths: '',
          tried: '',
          earlyHelpPlan: null,
          taf: null,
          requestedLevel: level,
          levelReasons: reason,
          consentToRequest: !stepUp,
          consentToSharing: !stepUp,
          noConsentReason: stepUp ? 'Step up to specialist support from early help: see the handover summary' : null,
        },
      );
    } catch (error) {
      if (error instanceof RequestNotReadyError)
        throw new EarlyHelpError('level', `The Hub could not take this change: ${error.message}`);
      throw error;
    }
  }

  /** A need identified, tagged with a Supporting Families outcome area from the tenant file. */
  async addNeed(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { area: string; description: string },
  ) {
    const episode = await this.core.openEpisodeOrThrow(episodeId);
    await this.core.requireEdit(actor, viewer, episode.family_id);
    const areas = await this.core.deps.reference.outcomeAreas();
    if (!areas.some((a) => a.code === input.area)) throw new EarlyHelpError('area', 'Select the outcome area');
    const description = input.description.trim();
    if (!description || description.length > 2000)
      throw new EarlyHelpError('description', 'Describe the need in 2,000 characters or fewer');
    await this.core.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'episodes', { id: episodeId, version, by: actor.userId, what: 'This episode' }, {});
      await tx
        .insertInto('episode_needs')
        .values({
          id: newId(),
          episode_id: episodeId,
          outcome_area: input.area,
          description,
          identified_by: actor.userId,
        })
        .execute();
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.need.added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, area: input.area },
        },
        tx,
      );
    });
  }

  /**
   * Closes the episode with a reason and an outcome for every need. Refused, with every problem, when
   * a need has no outcome or a closure check (open actions, from the plan slice) finds work still open.
   */
  async close(actor: AuditActor, viewer: Principal, episodeId: string, version: number, input: CloseInput) {
    const episode = await this.core.openEpisodeOrThrow(episodeId);
    await this.core.requireEdit(actor, viewer, episode.family_id);
    const needs = await this.core.repository.needs([episodeId]);
    const problems = closureProblems(
      needs.map((n) => n.id),
      input.outcomes,
    );
    if (problems.length) throw new ClosureRefused(problems);
    await this.core.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'episodes',
        { id: episodeId, version, by: actor.userId, what: 'This episode' },
        { status: 'closed', closed_at: new Date(), closure_reason: input.reason },
      );
      const blockers = (await Promise.all(this.core.closureChecks.map((check) => check(tx, episodeId)))).flat();
      if (blockers.length) throw new ClosureRefused(blockers);
      for (const need of needs) {
        await tx
          .updateTable('episode_needs')
          .set({ outcome: input.outcomes[need.id] as NeedOutcome, outcome_at: new Date() })
          .where('id', '=', need.id)
          .execute();
      }
      for (const step of this.core.closureSteps) await step(tx, actor, episode);
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.episode.closed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, reason: input.reason },
        },
        tx,
      );
    });
  }
}
