import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, EncompassIncidentsTable, EncompassNotificationsTable } from '../../platform/db/schema/index.ts';

/** A child as the police named them, to find an earlier notification's school. */
export interface ChildKey {
  first_name: string;
  last_name: string;
  date_of_birth: string;
}

/** The Hub's lists of notifications (the incidents with no child of school age are a list of their own). */
export const NOTIFICATION_LISTS = ['school-needed', 'not-sent', 'not-acknowledged', 'sent-late'] as const;
export type NotificationList = (typeof NOTIFICATION_LISTS)[number];

/** Operation Encompass's queries (Kysely only): its incidents and notifications, with the schools beside them. */
export class EncompassRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertIncident(db: Kysely<DB>, row: Insertable<EncompassIncidentsTable>) {
    const inserted = await db
      .insertInto('encompass_incidents')
      .values(row)
      .onConflict((oc) => oc.column('request_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id ?? null;
  }

  insertNotifications(db: Kysely<DB>, rows: Insertable<EncompassNotificationsTable>[]) {
    if (rows.length === 0) return Promise.resolve();
    return db
      .insertInto('encompass_notifications')
      .values(rows)
      .onConflict((oc) => oc.columns(['incident_id', 'position']).doNothing())
      .execute()
      .then(() => undefined);
  }

  /**
   * The school of an earlier notification about the same child (the same names and date of birth, in any case)
   * whose school Hearth knows: the school the Hub chose, or found, last time. Newest first.
   */
  async knownSchools(children: ChildKey[]) {
    if (children.length === 0) return [];
    return this.db
      .selectFrom('encompass_notifications as n')
      .innerJoin('schools as s', 's.urn', 'n.school_urn')
      .select(['n.first_name', 'n.last_name', 'n.date_of_birth', 'n.school_urn'])
      .where('s.is_active', '=', true)
      .where((eb) =>
        eb.or(
          children.map((c) =>
            eb.and([
              eb(sql<string>`lower(n.first_name)`, '=', c.first_name.toLowerCase()),
              eb(sql<string>`lower(n.last_name)`, '=', c.last_name.toLowerCase()),
              eb('n.date_of_birth', '=', c.date_of_birth),
            ]),
          ),
        ),
      )
      .orderBy('n.created_at', 'desc')
      .execute();
  }

  incidentOf(requestId: string) {
    return this.db.selectFrom('encompass_incidents').selectAll().where('request_id', '=', requestId).executeTakeFirst();
  }

  notificationsOfIncident(incidentId: string) {
    return this.db
      .selectFrom('encompass_notifications as n')
      .leftJoin('schools as s', 's.urn', 'n.school_urn')
      .select(['n.id', 'n.first_name', 'n.last_name', 'n.sent_at', 'n.school_urn', 's.name as school_name'])
      .where('n.incident_id', '=', incidentId)
      .orderBy('n.position')
      .execute();
  }

  /** One notification with its incident and school. */
  notification(id: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('encompass_notifications as n')
      .innerJoin('encompass_incidents as i', 'i.id', 'n.incident_id')
      .leftJoin('schools as s', 's.urn', 'n.school_urn')
      .leftJoin('users as ru', 'ru.id', 'n.received_by')
      .leftJoin('users as su', 'su.id', 'n.support_by')
      .selectAll('n')
      .select([
        'i.request_id',
        'i.police_reference',
        'i.district',
        'i.incident_date',
        'i.received_at as police_received_at',
        's.name as school_name',
        's.dsl_name',
        's.dsl_email',
        's.deputy_name',
        's.deputy_email',
        'ru.display_name as received_by_name',
        'su.display_name as support_by_name',
      ])
      .where('n.id', '=', id)
      .executeTakeFirst();
  }

  /** The notifications a school's lead sees, newest first. */
  forSchools(urns: string[]) {
    if (urns.length === 0) return Promise.resolve([]);
    return this.listBase()
      .where('n.school_urn', 'in', urns)
      .where('n.sent_at', 'is not', null)
      .orderBy('n.sent_at', 'desc')
      .limit(200)
      .execute();
  }

  /**
   * One of the Hub's lists of notifications, a page at a time, and how many it holds: the school needed, not yet
   * sent (oldest deadline first), not acknowledged by a school that had it on or before `sentBy` (a London day;
   * oldest first), sent late (newest first).
   */
  async hubList(list: NotificationList, window: { limit: number; offset: number }, sentBy: string) {
    const where = (q: ReturnType<EncompassRepository['listBase']>) => {
      switch (list) {
        case 'school-needed':
          return q.where('n.sent_at', 'is', null).where('n.school_urn', 'is', null).orderBy('n.deadline');
        case 'not-sent':
          return q.where('n.sent_at', 'is', null).where('n.school_urn', 'is not', null).orderBy('n.deadline');
        case 'not-acknowledged':
          return q
            .where('n.sent_at', 'is not', null)
            .where('n.received_at', 'is', null)
            .where(sql<string>`(n.sent_at at time zone 'Europe/London')::date`, '<=', sql<string>`${sentBy}::date`)
            .orderBy('n.sent_at');
        case 'sent-late':
          return q.where('n.sent_on_time', '=', false).orderBy('n.sent_at', 'desc');
      }
    };
    const [rows, total] = await Promise.all([
      where(this.listBase()).orderBy('n.id').limit(window.limit).offset(window.offset).execute(),
      where(this.listBase())
        .clearSelect()
        .clearOrderBy()
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** Police notifications of domestic abuse with no child of school age, newest first, a page at a time. */
  async withoutSchoolAge(window: { limit: number; offset: number }) {
    const base = this.db.selectFrom('encompass_incidents').where('children_of_school_age', '=', 0);
    const [rows, total] = await Promise.all([
      base.selectAll().orderBy('received_at', 'desc').orderBy('id').limit(window.limit).offset(window.offset).execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  private listBase() {
    return this.db
      .selectFrom('encompass_notifications as n')
      .innerJoin('encompass_incidents as i', 'i.id', 'n.incident_id')
      .leftJoin('schools as s', 's.urn', 'n.school_urn')
      .select([
        'n.id',
        'n.first_name',
        'n.last_name',
        'n.date_of_birth',
        'n.year_group',
        'n.school_urn',
        'n.deadline',
        'n.sent_at',
        'n.sent_on_time',
        'n.send_problem',
        'n.received_at',
        'n.support_at',
        'i.incident_date',
        'i.police_reference',
        'i.district',
        's.name as school_name',
      ]);
  }

  /** Notifications with a school and not yet sent, locked for this sender (others skip them). */
  dueForSending(db: Kysely<DB>, limit: number) {
    return (
      db
        .selectFrom('encompass_notifications as n')
        .innerJoin('encompass_incidents as i', 'i.id', 'n.incident_id')
        .innerJoin('schools as s', 's.urn', 'n.school_urn')
        .select([
          'n.id',
          'n.first_name',
          'n.last_name',
          'n.date_of_birth',
          'n.deadline',
          'n.send_problem',
          'i.incident_date',
          's.name as school_name',
          's.dsl_email',
          's.deputy_email',
        ])
        .where('n.sent_at', 'is', null)
        // A notification already refused for want of the lead's email waits until the school has one.
        .where((eb) => eb.or([eb('n.send_problem', 'is', null), eb('s.dsl_email', 'is not', null)]))
        .orderBy('n.deadline')
        .limit(limit)
        .forUpdate('n')
        .skipLocked()
        .execute()
    );
  }
}
