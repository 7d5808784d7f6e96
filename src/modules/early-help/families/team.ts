import type { Kysely } from 'kysely';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { FAMILY_RECORD_TYPE } from '../records.ts';
import { type EarlyHelpCore } from './core.ts';
import { EarlyHelpError } from './types.ts';

/** Who works with the family: the lead professional, the allocated worker (Family Solutions) and the Team Around the Family. */
export class EpisodeTeam {
  constructor(private readonly core: EarlyHelpCore) {}

  /** Hands the lead to another Hearth user who works with families; the change is kept as involvement history. */
  async changeLeadProfessional(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { email: string },
  ) {
    const { episode, lead } = await this.checkLeadChange(actor, viewer, episodeId, input.email, 'email');
    await this.core.db.transaction().execute((tx) => this.writeLeadChange(tx, actor, episode, version, lead.id));
    return lead;
  }

  /**
   * The checks of a lead professional change, for a caller that writes it inside its own transaction
   * (a TAF meeting's record) with writeLeadChange, so both are recorded the same way.
   */
  async checkLeadChange(actor: AuditActor, viewer: Principal, episodeId: string, email: string, field: string) {
    const episode = await this.core.openEpisodeOrThrow(episodeId);
    await this.core.requireEdit(actor, viewer, episode.family_id);
    const lead = await this.core.leadPractitioner({ email }, field);
    if (lead.id === episode.lead_professional_id)
      throw new EarlyHelpError(field, `${lead.displayName} is already the lead professional`);
    return { episode, lead };
  }

  /** Writes a checked lead change (see checkLeadChange) in the caller's transaction: the old lead's involvement ends. */
  async writeLeadChange(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string; lead_professional_id: string | null },
    version: number,
    leadId: string,
  ) {
    await updateVersioned(
      tx,
      'episodes',
      { id: episode.id, version, by: actor.userId, what: 'This episode' },
      { lead_professional_id: leadId },
    );
    await tx
      .updateTable('episode_involvements')
      .set({ to_at: new Date(), ended_by: actor.userId })
      .where('episode_id', '=', episode.id)
      .where('role', '=', 'lead-professional')
      .where('to_at', 'is', null)
      .execute();
    await tx
      .insertInto('episode_involvements')
      .values({
        id: newId(),
        episode_id: episode.id,
        user_id: leadId,
        role: 'lead-professional',
        created_by: actor.userId,
      })
      .execute();
    await this.core.audit.record(
      actor,
      {
        action: 'early-help.lead-professional.changed',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { episodeId: episode.id, from: episode.lead_professional_id, to: leadId },
      },
      tx,
    );
  }

  /**
   * Makes a practitioner invited to a TAF meeting a member of the Team Around the Family, in the
   * caller's transaction, unless they are already involved with the episode in any role. True when added.
   */
  async ensureTafMember(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string },
    userId: string,
  ): Promise<boolean> {
    const involved = await tx
      .selectFrom('episode_involvements')
      .select('id')
      .where('episode_id', '=', episode.id)
      .where('user_id', '=', userId)
      .where('to_at', 'is', null)
      .executeTakeFirst();
    if (involved) return false;
    await tx
      .insertInto('episode_involvements')
      .values({ id: newId(), episode_id: episode.id, user_id: userId, role: 'taf-member', created_by: actor.userId })
      .execute();
    await this.core.audit.record(
      actor,
      {
        action: 'early-help.taf-member.added',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { episodeId: episode.id, userId },
      },
      tx,
    );
    return true;
  }

  /**
   * Family Solutions allocation, in the caller's transaction (the manager's checks are in
   * FamilySolutionsService): the episode moves to the team, and the worker becomes its allocated
   * worker and lead professional — a level 3 family worker holds the case; earlier ones' involvements end.
   */
  async writeAllocation(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string },
    version: number,
    input: { teamId: string; workerId: string },
  ) {
    await updateVersioned(
      tx,
      'episodes',
      { id: episode.id, version, by: actor.userId, what: 'This episode' },
      { allocated_team_id: input.teamId, lead_professional_id: input.workerId },
    );
    for (const role of ['allocated-worker', 'lead-professional'] as const) {
      await tx
        .updateTable('episode_involvements')
        .set({ to_at: new Date(), ended_by: actor.userId })
        .where('episode_id', '=', episode.id)
        .where('role', '=', role)
        .where('to_at', 'is', null)
        .where('user_id', '!=', input.workerId)
        .execute();
      const current = await tx
        .selectFrom('episode_involvements')
        .select('id')
        .where('episode_id', '=', episode.id)
        .where('role', '=', role)
        .where('user_id', '=', input.workerId)
        .where('to_at', 'is', null)
        .executeTakeFirst();
      if (!current)
        await tx
          .insertInto('episode_involvements')
          .values({ id: newId(), episode_id: episode.id, user_id: input.workerId, role, created_by: actor.userId })
          .execute();
    }
    await this.core.audit.record(
      actor,
      {
        action: 'early-help.allocated-worker.changed',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { episodeId: episode.id, ...input },
      },
      tx,
    );
  }

  /** Adds a practitioner to the Team Around the Family: they see this family, and only it, through this episode. */
  async addTafMember(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { email: string },
  ) {
    const episode = await this.core.openEpisodeOrThrow(episodeId);
    await this.core.requireEdit(actor, viewer, episode.family_id);
    const member = await this.core.practitioner(input.email, 'tafEmail');
    await this.core.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'episodes', { id: episodeId, version, by: actor.userId, what: 'This episode' }, {});
      const already = await tx
        .selectFrom('episode_involvements')
        .select('id')
        .where('episode_id', '=', episodeId)
        .where('user_id', '=', member.id)
        .where('role', '=', 'taf-member')
        .where('to_at', 'is', null)
        .executeTakeFirst();
      if (already)
        throw new EarlyHelpError('tafEmail', `${member.displayName} is already in the Team Around the Family`);
      await tx
        .insertInto('episode_involvements')
        .values({
          id: newId(),
          episode_id: episodeId,
          user_id: member.id,
          role: 'taf-member',
          created_by: actor.userId,
        })
        .execute();
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.taf-member.added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, userId: member.id },
        },
        tx,
      );
    });
    return member;
  }
}
