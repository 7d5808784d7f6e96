import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { BreakGlassService } from '../../../platform/break-glass/service.ts';
import { StaleVersionError, isUniqueViolation } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { FrontDoorService } from '../../front-door/index.ts';
import { FamilySolutionsRepository } from './repository.ts';
import { isAdultOn, londonDay } from './rules.ts';
import { FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';
import {
  FamilySolutionsError,
  FamilySolutionsDenied,
  AgreementRequired,
  type AgreementInput,
  todayInLondon,
} from './types.ts';

/** Family Solutions' construction and what its parts share: access to the family, and the family agreement. */
export abstract class FamilySolutionsCore {
  readonly repository: FamilySolutionsRepository;

  constructor(
    protected readonly db: Kysely<DB>,
    protected readonly audit: AuditLog,
    protected readonly deps: {
      earlyHelp: EarlyHelpService;
      /** Requests for Support about a family's people after closure (the front door owns them). */
      frontDoor: FrontDoorService;
      reference: ReferenceService;
      notify: Notify;
      breakGlass: BreakGlassService;
    },
    protected readonly options: { publicUrl: string },
  ) {
    this.repository = new FamilySolutionsRepository(db);
    // Work with a Family Solutions family starts only once the family agreement is recorded.
    deps.earlyHelp.addWorkCheck(async (tx, episodeId) => {
      try {
        await this.requireAgreement(episodeId, tx);
        return null;
      } catch (error) {
        if (error instanceof AgreementRequired) return error.message;
        throw error;
      }
    });
  }

  settings() {
    return this.deps.reference.familySolutionsSettings();
  }

  // ---- Access ----

  /** An episode row by id, or undefined (internal: the route's declared access has decided). */
  episodeRow(episodeId: string) {
    return this.repository.episode(episodeId);
  }
  /** Open Family Solutions episodes of these teams, with their supervision due dates (the manager's home page). */
  openEpisodesOfTeams(teamIds: string[]) {
    return this.repository.openEpisodesOfTeams(teamIds);
  }

  protected async denied(
    actor: AuditActor,
    familyId: string | null,
    action: string,
    reason: string,
    message: string,
  ): Promise<never> {
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      ...(familyId ? { subjectType: FAMILY_RECORD_TYPE, subjectId: familyId } : {}),
      details: { action, reason },
    });
    throw new FamilySolutionsDenied(message);
  }

  /** A Family Solutions episode, or a field error for an unknown id or an episode of another pathway. */
  protected async fsEpisode(episodeId: string, db?: Kysely<DB>) {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId, db) : undefined;
    if (!episode || episode.pathway !== 'family-solutions')
      throw new FamilySolutionsError('episode', 'There is no such Family Solutions episode');
    return episode;
  }

  /** How the viewer is involved with the episode's family, and what the policy lets them do. */
  protected async accessTo(viewer: Principal, familyId: string) {
    const involvements: Involvement[] = await this.deps.earlyHelp.involvementsIn(familyId, viewer);
    const grant = await this.deps.breakGlass.activeGrant(viewer.id, FAMILY_RECORD_TYPE, familyId);
    return {
      involvements,
      canView: can(viewer, 'record:view', { type: 'record', id: familyId, involvements, breakGlass: grant !== null })
        .allowed,
      canEdit: can(viewer, 'record:edit', { type: 'record', id: familyId, involvements }).allowed,
      isTeamManager: can(viewer, 'family-solutions:manage').allowed && involvements.includes('team-manager'),
    };
  }

  protected async requireEdit(actor: AuditActor, viewer: Principal, familyId: string) {
    const access = await this.accessTo(viewer, familyId);
    if (!access.canEdit)
      await this.denied(
        actor,
        familyId,
        'record:edit',
        'not involved in a role that edits this record',
        'Only the family’s allocated worker or lead professional can do this',
      );
    return access;
  }

  protected async requireTeamManager(actor: AuditActor, viewer: Principal, familyId: string) {
    const access = await this.accessTo(viewer, familyId);
    if (!access.isTeamManager)
      await this.denied(
        actor,
        familyId,
        'family-solutions:manage',
        'not a manager of the allocated team',
        'Only a manager of the family’s Family Solutions team can do this',
      );
    return access;
  }

  /** Districts the manager's teams cover: whose families they allocate. */
  protected async districtsOf(viewer: Principal): Promise<string[]> {
    const teams = await Promise.all(viewer.teamIds.map((id) => this.deps.reference.team(id)));
    return [...new Set(teams.flatMap((t) => t?.districts ?? []))];
  }

  // ---- The family agreement ----

  /** Whether the family agreement is recorded: other parts of early help refuse work on a Family Solutions episode until it is. */
  async hasAgreement(episodeId: string, db: Kysely<DB> = this.db): Promise<boolean> {
    return isUuid(episodeId) && (await this.repository.agreement(episodeId, db)) !== undefined;
  }

  /** Throws AgreementRequired for a Family Solutions episode with no agreement; other pathways pass. */
  async requireAgreement(episodeId: string, db: Kysely<DB> = this.db): Promise<void> {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId, db) : undefined;
    if (episode?.pathway === 'family-solutions' && !(await this.hasAgreement(episodeId, db)))
      throw new AgreementRequired();
  }

  /** The family's adults now (who may agree) and any agreement recorded, for the form. */
  async agreementForm(actor: AuditActor, viewer: Principal, episodeId: string) {
    const episode = await this.fsEpisode(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    if (episode.status !== 'open')
      throw new FamilySolutionsError('episode', 'This episode has been closed: nothing more can change');
    const today = todayInLondon();
    const members = (await this.deps.earlyHelp.membersOf(episode.family_id)).filter((m) => m.to_date === null);
    return {
      episode,
      agreement: (await this.repository.agreement(episode.id)) ?? null,
      adults: members.filter((m) => isAdultOn(m, today)),
    };
  }

  /**
   * Records (or corrects) the family agreement: the date, which adults of the family agreed, and what
   * the family and the service each agree to. `version` 0 means "there was none when I opened the form".
   */
  async recordAgreement(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: AgreementInput,
    today = todayInLondon(),
  ) {
    const episode = await this.fsEpisode(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    if (episode.status !== 'open')
      throw new FamilySolutionsError('episode', 'This episode has been closed: nothing more can change');
    const openedOn = londonDay(episode.opened_at);
    if (input.agreedOn > today)
      throw new FamilySolutionsError('agreedOn-day', 'The date agreed must be today or in the past');
    if (input.agreedOn < openedOn)
      throw new FamilySolutionsError(
        'agreedOn-day',
        'The date agreed must be on or after the day Family Solutions started',
      );
    const members = await this.deps.earlyHelp.membersOf(episode.family_id);
    const adults = members.filter(
      (m) =>
        m.from_date <= input.agreedOn &&
        (m.to_date === null || m.to_date >= input.agreedOn) &&
        isAdultOn(m, input.agreedOn),
    );
    const agreedBy = [...new Set(input.agreedBy)];
    if (!agreedBy.length || agreedBy.some((id) => !adults.some((a) => a.person_id === id)))
      throw new FamilySolutionsError('agreedBy', 'Select the adults in the family who agreed');
    const values = {
      agreed_on: input.agreedOn,
      agreed_by: agreedBy,
      family_agrees: input.familyAgrees.trim(),
      service_agrees: input.serviceAgrees.trim(),
    };
    await this.db
      .transaction()
      .execute(async (tx) => {
        const existing = await this.repository.agreement(episode.id, tx);
        if (existing) {
          if (version === 0) throw new StaleVersionError('The family agreement');
          await updateVersioned(
            tx,
            'fs_agreements',
            { id: existing.id, version, by: actor.userId, what: 'The family agreement' },
            values,
          );
        } else {
          if (version !== 0) throw new StaleVersionError('The family agreement');
          await tx
            .insertInto('fs_agreements')
            .values({
              id: newId(),
              episode_id: episode.id,
              ...values,
              created_by: actor.userId,
              updated_by: actor.userId,
            })
            .execute();
        }
        await this.audit.record(
          actor,
          {
            action: existing ? 'family-solutions.agreement.changed' : 'family-solutions.agreement.recorded',
            outcome: 'success',
            subjectType: FAMILY_RECORD_TYPE,
            subjectId: episode.family_id,
            details: { episodeId: episode.id, people: agreedBy },
          },
          tx,
        );
      })
      .catch((error: unknown) => {
        // Two people recording the first agreement at once: the second is told, as for any stale edit.
        if (isUniqueViolation(error)) throw new StaleVersionError('The family agreement');
        throw error;
      });
  }
}
