import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { uuidParam } from '../../platform/http/params.ts';
import type { RecordLocator } from '../../platform/http/route-access.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import type { MaracSettings } from '../reference/index.ts';

/** A MARAC case as the audit trail and the policy name it. */
export const MARAC_CASE = 'marac-case';

/** What deciding who takes part in a case needs: who referred it, and who was invited to it. */
export interface MaracAccessRow {
  id: string;
  referred_by: string;
  invited_user_ids: readonly string[];
  invited_organisation_ids: readonly string[];
}

/**
 * How a user takes part in a MARAC case (the policy's restricted:view-marac decides what that lets them do):
 * - whoever referred it ('raised-concern': they see the referral they made);
 * - a MARAC coordinator, and a MARAC representative of a standing agency (their organisation speaks for one of the
 *   tenant's agencies), who research every case before its meeting ('marac-member');
 * - another agency invited to the single case (seed 002: "the opportunity for other agencies to be part of the action
 *   plan and discussion about risk"): a named user whatever their role, or a MARAC representative of an invited
 *   organisation ('marac-member').
 */
export function maracInvolvements(
  row: MaracAccessRow,
  user: Principal,
  standingOrganisationIds: ReadonlySet<string>,
): Involvement[] {
  const involvements: Involvement[] = row.referred_by === user.id ? ['raised-concern'] : [];
  const takesPart = can(user, 'marac:take-part').allowed;
  const member =
    can(user, 'marac:coordinate').allowed ||
    row.invited_user_ids.includes(user.id) ||
    (takesPart &&
      (standingOrganisationIds.has(user.organisationId) || row.invited_organisation_ids.includes(user.organisationId)));
  if (member) involvements.push('marac-member');
  return involvements;
}

/**
 * Who may see which MARAC case, for the module's pages and lists: one place that reads the invitations and the
 * tenant's standing agencies, so a route's locator and a list's filter cannot disagree.
 */
export class MaracAccess {
  private standing: Promise<Set<string>> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: () => Promise<MaracSettings>,
  ) {}

  /** The ids of the organisations that speak for one of the tenant's standing agencies. */
  standingOrganisationIds(): Promise<Set<string>> {
    this.standing ??= (async () => {
      const codes = (await this.settings()).agencies.flatMap((a) => a.organisations);
      if (!codes.length) return new Set<string>();
      const rows = await this.db.selectFrom('organisations').select('id').where('code', 'in', codes).execute();
      return new Set(rows.map((r) => r.id));
    })();
    return this.standing;
  }

  /** The agency codes the user's organisation speaks for at MARAC (none for most users). */
  async agenciesOf(user: Principal): Promise<string[]> {
    const row = await this.db
      .selectFrom('organisations')
      .select('code')
      .where('id', '=', user.organisationId)
      .executeTakeFirst();
    if (!row) return [];
    return (await this.settings()).agencies.filter((a) => a.organisations.includes(row.code)).map((a) => a.code);
  }

  async accessRow(caseId: string): Promise<MaracAccessRow | undefined> {
    const row = await this.db
      .selectFrom('marac_cases')
      .select(['id', 'referred_by'])
      .where('id', '=', caseId)
      .executeTakeFirst();
    if (!row) return undefined;
    const invitations = await this.db
      .selectFrom('marac_invitations')
      .select(['user_id', 'organisation_id'])
      .where('case_id', '=', caseId)
      .where('withdrawn_at', 'is', null)
      .execute();
    return {
      ...row,
      invited_user_ids: invitations.flatMap((i) => (i.user_id ? [i.user_id] : [])),
      invited_organisation_ids: invitations.flatMap((i) => (i.organisation_id ? [i.organisation_id] : [])),
    };
  }

  /** How the user takes part in the case, or null when there is no such case. */
  async involvements(caseId: string, user: Principal): Promise<Involvement[] | null> {
    const row = await this.accessRow(caseId);
    return row ? maracInvolvements(row, user, await this.standingOrganisationIds()) : null;
  }

  /** A case named by a route parameter (`:id` unless given), for routes that declare 'restricted:view-marac'. */
  locator(param = 'id'): RecordLocator {
    return {
      type: MARAC_CASE,
      find: async (request, user) => {
        const id = uuidParam(request, param);
        const involvements = await this.involvements(id, user);
        return involvements ? { id, involvements, askAbout: (await this.settings()).askAbout } : null;
      },
    };
  }

  /**
   * A filter on `marac_cases` for the cases this user sees in a list, matching `maracInvolvements` and the policy:
   * every case for a coordinator or a standing agency's representative; otherwise the cases they referred or were
   * invited to.
   */
  async visibleTo(user: Principal): Promise<(eb: ExpressionBuilder<DB, 'marac_cases'>) => Expression<SqlBool>> {
    const standing = await this.standingOrganisationIds();
    const takesPart = can(user, 'marac:take-part').allowed;
    if (can(user, 'marac:coordinate').allowed || (takesPart && standing.has(user.organisationId)))
      return () => sql<SqlBool>`true`;
    return (eb) =>
      eb.or([
        eb('marac_cases.referred_by', '=', user.id),
        eb.exists(
          eb
            .selectFrom('marac_invitations as i')
            .select(sql<number>`1`.as('one'))
            .whereRef('i.case_id', '=', 'marac_cases.id')
            .where('i.withdrawn_at', 'is', null)
            .where((inner) =>
              takesPart
                ? inner.or([inner('i.user_id', '=', user.id), inner('i.organisation_id', '=', user.organisationId)])
                : inner('i.user_id', '=', user.id),
            ),
        ),
      ]);
  }
}
