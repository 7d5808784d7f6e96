import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid } from '../../platform/db/ids.ts';
import type { DB, MissingEpisodesTable } from '../../platform/db/schema/index.ts';
import type { Selectable } from 'kysely';
import type { EarlyHelpService } from '../early-help/index.ts';
import { PersonInputError, type Candidate, type PeopleService, type PersonSummary } from '../people/index.ts';
import { MissingRepository } from './repository.ts';
import { MISSING_RECORD_TYPE } from './service.ts';

type Episode = Selectable<MissingEpisodesTable>;

/** The Hub chose a person the matching had not offered, or one no longer there. */
export class NotACandidateError extends Error {}

/**
 * Who a missing child is, when the police notification could not say (issue 13): the Hub sees the people Hearth
 * holds who may be the child, as on a Request for Support, and links one or records a new person. The choice stands
 * against later notifications, sends the episode to the worker the child is open to (if it has none), and is
 * audited with the person it replaced. Two Hub practitioners choosing at once: the second is told (optimistic lock).
 */
export class MissingPersonService {
  private readonly repository: MissingRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: { people: PeopleService; earlyHelp: EarlyHelpService },
  ) {
    this.repository = new MissingRepository(db);
  }

  /**
   * The person the episode is linked to (if any), and who else may be the child, best first: by the details the police
   * gave, or by the name the Hub searched for (the police may have spelt it differently), with the episode's date of
   * birth when it has one.
   */
  async choices(
    episode: Episode,
    search?: { firstName: string; lastName: string },
  ): Promise<{ linked: PersonSummary | null; candidates: Candidate[] }> {
    const [candidates, linked] = await Promise.all([
      this.deps.people
        .findCandidates({
          firstName: search?.firstName || episode.first_name,
          lastName: search?.lastName || episode.last_name,
          dateOfBirth: episode.date_of_birth,
        })
        // A name no person's record could hold (the police's, or one searched for) finds nobody.
        .catch((error: unknown) => {
          if (error instanceof PersonInputError) return [] as Candidate[];
          throw error;
        }),
      episode.person_id ? this.deps.people.summaries([episode.person_id]) : Promise.resolve(new Map()),
    ]);
    return {
      linked: episode.person_id ? (linked.get(episode.person_id) ?? null) : null,
      candidates: candidates.filter((c) => c.id !== episode.person_id),
    };
  }

  /**
   * Links the episode to a person Hearth holds (`personId`: one the page offered), or to a new person made from the
   * episode's details (`'new'`). Throws NotACandidateError for an id that is no person (or one merged into another),
   * StaleVersionError if the episode changed since `version` was read.
   */
  async link(actor: AuditActor, episodeId: string, choice: { personId: string | 'new'; version: number }) {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId) : undefined;
    if (!episode) throw new NotACandidateError('There is no such missing episode.');
    if (episode.version !== choice.version) throw new StaleVersionError('The missing episode');
    let personId = choice.personId;
    if (personId === 'new') {
      try {
        personId = await this.deps.people.createPerson(actor, {
          firstName: episode.first_name,
          lastName: episode.last_name,
          dateOfBirth: episode.date_of_birth,
        });
      } catch (error) {
        if (!(error instanceof PersonInputError)) throw error;
        throw new NotACandidateError(
          `A new record cannot be made from the details the police gave (${error.message}). Choose a record shown, or ask the police to correct the notification.`,
        );
      }
    } else {
      const person = await this.deps.people.person(personId);
      if (!person || person.mergedInto)
        throw new NotACandidateError('Choose one of the records shown, or record a new person.');
    }
    const routed = await this.deps.earlyHelp.openWorkerOf(personId);
    await this.db.transaction().execute(async (tx) => {
      const saved = await this.repository.setPerson(tx, episode, {
        personId,
        by: actor.userId!,
        familyId: routed?.familyId ?? null,
        workerId: routed?.workerId ?? null,
      });
      if (!saved) throw new StaleVersionError('The missing episode');
      await this.audit.record(
        actor,
        {
          action: 'missing-episode.person-linked',
          outcome: 'success',
          subjectType: MISSING_RECORD_TYPE,
          subjectId: episode.id,
          details: {
            personId,
            previousPersonId: episode.person_id,
            newPerson: choice.personId === 'new',
            routedTo: !episode.worker_id && routed ? 'worker' : null,
          },
        },
        tx,
      );
    });
    return personId;
  }
}
