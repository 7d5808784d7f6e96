import type { Kysely } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import { AuditRefused, StaleAnswer, type AuditsCore } from './core.ts';
import type { ReturnAnswer } from './cycles.ts';
import { RATINGS } from './standards.ts';

const RETURN = 'assurance-return';
const FIELDS = ['rating', 'evidence', 'actions'] as const;
const CLOSED = 'This audit has closed: its returns can no longer be corrected';
const STALE =
  'Your organisation’s return was changed by someone else after you opened this form. The form now shows the ' +
  'return as it is: make your correction again';

/** What a correction did: how many fields it changed (0: the form matched the return already). */
export interface Corrected {
  changed: number;
  /** The same correction was already saved (a second identical submit): nothing more was done. */
  alreadySaved?: true;
}

/** Thrown inside the transaction when a correction changes nothing, so the version is not moved on. */
class NothingChanged extends Error {}

/**
 * Corrections to an agency's Section 11 or Section 175 return (issue 16): the agency corrects its return while the
 * cycle is open, each correction moving the return's version on by one and keeping every field it changed (who,
 * when, old and new); the summary by standard reads the answers as corrected. After the manager closes the cycle a
 * correction is refused.
 */
export class ReturnCorrections {
  constructor(private readonly c: AuditsCore) {}

  /** The return in the cycle and the organisation that made it (the routes' answer locator); null if none. */
  async locate(cycleId: string, returnId: string) {
    if (!isUuid(cycleId) || !isUuid(returnId)) return null;
    const row = await this.c.db
      .selectFrom('assurance_returns')
      .select(['id', 'organisation_id'])
      .where('id', '=', returnId)
      .where('cycle_id', '=', cycleId)
      .executeTakeFirst();
    return row ? { id: row.id, organisationId: row.organisation_id } : null;
  }

  /** The return with its cycle, its agency and who sent it; undefined if there is none. */
  get(returnId: string) {
    if (!isUuid(returnId)) return Promise.resolve(undefined);
    return this.c.db
      .selectFrom('assurance_returns as r')
      .innerJoin('assurance_cycles as c', 'c.id', 'r.cycle_id')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .leftJoin('users as u', 'u.id', 'r.submitted_by')
      .select([
        'r.id',
        'r.cycle_id',
        'r.organisation_id',
        'r.submitted_at',
        'r.updated_at',
        'r.version',
        'o.name as organisation',
        'u.display_name as submitted_by',
        'c.kind',
        'c.title',
        'c.status',
      ])
      .where('r.id', '=', returnId)
      .executeTakeFirst();
  }

  /** Every field each correction changed, the latest first. */
  changes(returnId: string) {
    return this.c.db
      .selectFrom('assurance_return_changes as h')
      .leftJoin('users as u', 'u.id', 'h.changed_by')
      .select(['h.version', 'h.standard_code', 'h.field', 'h.old_value', 'h.new_value', 'h.changed_at'])
      .select('u.display_name as changed_by')
      .where('h.return_id', '=', returnId)
      .orderBy('h.version', 'desc')
      .orderBy('h.id')
      .execute();
  }

  /**
   * Corrects the return from the version the agency's form showed. Refused (audited, nothing saved) for anyone but
   * the agency that made it; refused once the cycle is closed, or when the return has moved on since the form was
   * drawn (unless it already holds exactly these answers: a second identical submit). Audited with the fields changed.
   */
  async correct(
    actor: AuditActor,
    user: Principal,
    returnId: string,
    version: number,
    answers: Record<string, ReturnAnswer>,
  ): Promise<Corrected | null> {
    const found = await this.get(returnId);
    if (!found) return null;
    if (
      !can(user, 'agency-answer:correct', {
        type: 'agency-answer',
        id: found.id,
        organisationId: found.organisation_id,
      }).allowed
    )
      return this.c.refuse(
        actor,
        RETURN,
        'agency-answer:correct',
        'Only the agency that made a return corrects it: nothing was saved.',
        returnId,
      );
    if (found.status !== 'open') throw new AuditRefused('standards', CLOSED);
    const standards = (await this.c.deps.standards()).standards[found.kind];
    for (const s of standards)
      if (!answers[s.code] || !(answers[s.code]!.rating in RATINGS))
        throw new AuditRefused(`rating-${s.code}`, `Select how far “${s.name}” is met`);
    const codes = standards.map((s) => s.code);
    try {
      return await this.c.db.transaction().execute(async (tx: Kysely<DB>) => {
        // Closing the cycle waits for a correction under way; a correction after it is refused.
        const cycle = await tx
          .selectFrom('assurance_cycles')
          .select('status')
          .where('id', '=', found.cycle_id)
          .forShare()
          .executeTakeFirstOrThrow();
        if (cycle.status !== 'open') throw new AuditRefused('standards', CLOSED);
        await updateVersioned(tx, 'assurance_returns', { id: returnId, version, by: user.id, what: 'The return' }, {});
        const before = await this.answersIn(tx, returnId);
        const changes = codes.flatMap((code) =>
          FIELDS.filter((f) => (before.get(code)?.[f] ?? '') !== answers[code]![f]).map((field) => ({
            id: newId(),
            return_id: returnId,
            version: version + 1,
            standard_code: code,
            field,
            old_value: before.get(code)?.[field] ?? '',
            new_value: answers[code]![field],
            changed_by: user.id,
          })),
        );
        if (!changes.length) throw new NothingChanged();
        for (const code of new Set(changes.map((ch) => ch.standard_code)))
          await tx
            .insertInto('assurance_return_answers')
            .values({ return_id: returnId, standard_code: code, ...answers[code]! })
            .onConflict((oc) => oc.columns(['return_id', 'standard_code']).doUpdateSet(answers[code]!))
            .execute();
        await tx.insertInto('assurance_return_changes').values(changes).execute();
        await this.c.audit.record(
          actor,
          {
            action: 'assurance.return.corrected',
            outcome: 'success',
            subjectType: RETURN,
            subjectId: returnId,
            details: {
              cycle: found.cycle_id,
              version: version + 1,
              fields: changes.map((ch) => `${ch.standard_code}:${ch.field}`),
            },
          },
          tx,
        );
        return { changed: changes.length };
      });
    } catch (error) {
      if (error instanceof NothingChanged) return { changed: 0 };
      if (!(error instanceof StaleVersionError)) throw error;
      const now = await this.answersIn(this.c.db, returnId);
      const same = codes.every((code) => FIELDS.every((f) => (now.get(code)?.[f] ?? '') === answers[code]![f]));
      if (same) return { changed: 0, alreadySaved: true };
      throw new StaleAnswer('standards', STALE);
    }
  }

  private async answersIn(db: Kysely<DB>, returnId: string) {
    const rows = await db
      .selectFrom('assurance_return_answers')
      .selectAll()
      .where('return_id', '=', returnId)
      .execute();
    return new Map(rows.map((a) => [a.standard_code, a as ReturnAnswer]));
  }
}
