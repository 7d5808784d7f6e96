import type { Kysely } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { StaleVersionError, isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { PersonInputError, type Candidate, type PersonSummary } from '../people/index.ts';
import { CaseReviewRefused, type CaseReviewCore } from './core.ts';
import type { CaseReviewRepository } from './repository.ts';
import type { ChildLinkInput, ChildSearch } from './schemas.ts';

const MANAGE_ONLY = 'Only the Board manager links a referral’s child to Hearth’s records.';
const NOT_SHOWN = 'Choose one of the records shown: that record is not one Hearth offers for this child';

/** A referral as the link needs it: who was named, and who they are linked to now. */
interface Referral {
  id: string;
  person_id: string | null;
  child_first_name: string;
  child_last_name: string;
  child_date_of_birth: string | null;
  version: number;
}

/**
 * Who the child of a referral is in Hearth, after the referral (issue 16). The referral links the child only when one
 * record clearly matches; the Board manager finds the child among the people module's candidates (by the name on the
 * referral, or another spelling), links one, or removes or changes a wrong link, each with a reason. Every change is
 * kept (case_review_child_links) and audited against the people concerned.
 */
export class CaseReviewChildLinks {
  constructor(
    private readonly c: CaseReviewCore,
    private readonly r: CaseReviewRepository,
  ) {}

  /**
   * The record the child is linked to (if any) and who else may be the child, best first. Showing a record is a read
   * of it: each one shown is audited against the person, with the referral it was shown for.
   */
  async choices(actor: AuditActor, user: Principal, referral: Referral, search: ChildSearch) {
    await this.c.need(actor, user, 'review:manage', MANAGE_ONLY, referral.id);
    const [candidates, linked] = await Promise.all([
      this.candidates(referral, search),
      this.c.deps.people.summaries(referral.person_id ? [referral.person_id] : []),
    ]);
    const shown = [...(referral.person_id ? [referral.person_id] : []), ...candidates.map((c) => c.id)];
    for (const id of shown)
      await this.c.audit.record(actor, {
        action: 'record.viewed',
        outcome: 'allowed',
        subjectType: 'person',
        subjectId: id,
        details: { via: 'case-review-child', referralId: referral.id, linked: id === referral.person_id },
      });
    return { linked: referral.person_id ? (linked.get(referral.person_id) ?? null) : null, candidates };
  }

  /** The candidates for the referral's child (never the record already linked); a name no record could hold finds none. */
  private async candidates(referral: Referral, search: ChildSearch): Promise<Candidate[]> {
    const found = await this.c.deps.people
      .findCandidates({
        firstName: search.firstName || referral.child_first_name,
        lastName: search.lastName || referral.child_last_name,
        dateOfBirth: referral.child_date_of_birth,
      })
      .catch((error: unknown) => {
        if (error instanceof PersonInputError) return [] as Candidate[];
        throw error;
      });
    return found.filter((c) => c.id !== referral.person_id);
  }

  /**
   * Links the child to a record the page offered (searched the same way), or unlinks them ('none'), with the reason.
   * Refuses a record that is not a candidate (or no person), a change to what is already so, and a form drawn before
   * someone else's change (StaleVersionError; the key on from_version also stops two identical submits at once).
   */
  async link(actor: AuditActor, user: Principal, referralId: string, input: ChildLinkInput) {
    await this.c.need(actor, user, 'review:manage', MANAGE_ONLY, referralId);
    const referral = await this.r.referral(referralId);
    if (!referral) return null;
    if (referral.version !== input.version) throw new StaleVersionError('The referral');
    const personId = input.personId === 'none' ? null : input.personId;
    if (personId === referral.person_id)
      throw new CaseReviewRefused(
        'personId',
        personId ? 'The child is already linked to that record' : 'The child is not linked to a record',
      );
    if (personId && !(await this.candidates(referral, input)).some((c) => c.id === personId))
      throw new CaseReviewRefused('personId', NOT_SHOWN);
    const previous = referral.person_id;
    const details = { referralId, reference: referral.reference, personId, previousPersonId: previous };
    try {
      await this.c.write(
        actor,
        {
          action: personId ? 'case-review.child-linked' : 'case-review.child-unlinked',
          subjectType: 'person',
          subjectId: (personId ?? previous)!,
          details,
        },
        async (tx) => {
          const moved = await tx
            .updateTable('case_review_referrals')
            .set({ person_id: personId, updated_at: new Date(), updated_by: user.id, version: referral.version + 1 })
            .where('id', '=', referralId)
            .where('version', '=', input.version)
            .executeTakeFirst();
          if (moved.numUpdatedRows !== 1n) throw new StaleVersionError('The referral');
          await tx
            .insertInto('case_review_child_links')
            .values({
              id: newId(),
              referral_id: referralId,
              person_id: personId,
              previous_person_id: previous,
              reason: input.reason,
              from_version: input.version,
              linked_by: user.id,
            })
            .execute();
          // A change of record is a change to both people's records: the one unlinked is told too.
          if (personId && previous)
            await this.c.audit.record(
              actor,
              {
                action: 'case-review.child-unlinked',
                outcome: 'success',
                subjectType: 'person',
                subjectId: previous,
                details,
              },
              tx,
            );
        },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new StaleVersionError('The referral');
      throw error;
    }
    return personId ?? 'none';
  }

  /** Each change of who the child is, oldest first, with the names of the people linked and unlinked. */
  async history(referralId: string, db: Kysely<DB> = this.c.db) {
    const rows = await db
      .selectFrom('case_review_child_links as l')
      .leftJoin('users as u', 'u.id', 'l.linked_by')
      .selectAll('l')
      .select('u.display_name as linked_by_name')
      .where('l.referral_id', '=', referralId)
      .orderBy('l.linked_at')
      .orderBy('l.from_version')
      .execute();
    const people = await this.c.deps.people.summaries(
      rows.flatMap((r) => [r.person_id, r.previous_person_id]).filter((id): id is string => !!id),
    );
    const name = (id: string | null): PersonSummary | null => (id ? (people.get(id) ?? null) : null);
    return rows.map((r) => ({ ...r, person: name(r.person_id), previous: name(r.previous_person_id) }));
  }
}
