import { sql, type Insertable, type Kysely } from 'kysely';
import type {
  DB,
  PoliceNotificationsTable,
  RequestPeopleTable,
  RequestsForSupportTable,
} from '../../../platform/db/schema/index.ts';

/** Kysely queries of police notifications; rules and transactions live in police-service.ts. */
export class PoliceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Inserts the requests whose idempotency key is new; returns those inserted. */
  insertRequests(tx: Kysely<DB>, rows: Insertable<RequestsForSupportTable>[]) {
    if (rows.length === 0) return Promise.resolve([]);
    return tx
      .insertInto('requests_for_support')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'reference', 'idempotency_key'])
      .execute();
  }

  byKeys(db: Kysely<DB>, keys: string[]) {
    if (keys.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('requests_for_support')
      .select(['id', 'reference', 'idempotency_key'])
      .where('idempotency_key', 'in', keys)
      .execute();
  }

  async insertPeopleAndNotifications(
    tx: Kysely<DB>,
    people: Insertable<RequestPeopleTable>[],
    notifications: Insertable<PoliceNotificationsTable>[],
  ) {
    if (people.length) await tx.insertInto('request_people').values(people).execute();
    if (notifications.length) await tx.insertInto('police_notifications').values(notifications).execute();
  }

  /** Notifications nobody has triaged yet (and the Hub has not decided some other way), oldest first. */
  async awaitingTriage(limit: number, offset: number) {
    const base = this.db
      .selectFrom('police_notifications as n')
      .innerJoin('requests_for_support as r', 'r.id', 'n.request_id')
      .where('n.triage_outcome', 'is', null)
      .where('r.status', '<>', 'decided');
    const [rows, total] = await Promise.all([
      base
        .innerJoin('districts as d', 'd.code', 'r.district_code')
        .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
        .select([
          'r.id',
          'r.reference',
          'r.received_at',
          'n.police_reference',
          'n.incident_date',
          'n.concern_category',
          'd.name as district_name',
          'o.name as force_name',
        ])
        .orderBy('r.received_at')
        .orderBy('r.id')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  childrenOf(requestIds: string[]) {
    if (requestIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('request_people')
      .select(['request_id', 'first_name', 'last_name', 'date_of_birth'])
      .where('request_id', 'in', requestIds)
      .where('role', '=', 'child')
      .orderBy('position')
      .execute();
  }

  notification(requestId: string) {
    return this.db
      .selectFrom('police_notifications as n')
      .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
      .leftJoin('api_clients as c', 'c.id', 'n.api_client_id')
      .leftJoin('users as t', 't.id', 'n.triaged_by')
      .leftJoin('teams as team', 'team.id', 'n.passed_to_team_id')
      .selectAll('n')
      .select([
        'o.name as force_name',
        'c.name as api_client_name',
        't.display_name as triaged_by_name',
        'team.name as passed_to_team_name',
      ])
      .where('n.request_id', '=', requestId)
      .executeTakeFirst();
  }

  /**
   * Counts for a period of receipt: how each was triaged, and how many progressed to children's social care or
   * Family Solutions (the Safeguarding Children Board's measure: a final Hub decision with either pathway).
   */
  async figures(from: Date, to: Date) {
    const { rows } = await sql<{
      received: number;
      awaiting: number;
      no_further_action: number;
      passed_to_worker: number;
      screened: number;
      progressed: number;
    }>`
      select count(*)::int as received,
        (count(*) filter (where n.triage_outcome is null))::int as awaiting,
        (count(*) filter (where n.triage_outcome = 'no-further-action'))::int as no_further_action,
        (count(*) filter (where n.triage_outcome = 'passed-to-worker'))::int as passed_to_worker,
        (count(*) filter (where n.triage_outcome = 'screen'))::int as screened,
        (count(*) filter (where exists (select 1 from hub_decisions h where h.request_id = r.id and h.state = 'final'
          and h.pathway in ('social-care', 'family-solutions'))))::int as progressed
      from police_notifications n join requests_for_support r on r.id = n.request_id
      where r.received_at >= ${from} and r.received_at < ${to}`.execute(this.db);
    return rows[0]!;
  }
}
