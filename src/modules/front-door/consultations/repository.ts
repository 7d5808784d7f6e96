import { sql, type Insertable, type Kysely } from 'kysely';
import type { ConsultationsTable, DB } from '../../../platform/db/schema/index.ts';

export interface ConsultationFilters {
  /** 'YYYY-MM-DD' in England, inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  organisationId?: string;
  linked?: boolean;
  limit?: number;
  offset?: number;
}

/** Kysely queries of consultations; rules and audit live in consultations-service.ts. */
export class ConsultationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(tx: Kysely<DB>, row: Insertable<ConsultationsTable>) {
    return tx.insertInto('consultations').values(row).execute();
  }

  activeUserByEmail(email: string) {
    return this.db
      .selectFrom('users')
      .select(['id'])
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .where('is_active', '=', true)
      .executeTakeFirst();
  }

  find(id: string) {
    return this.db
      .selectFrom('consultations as c')
      .innerJoin('users as r', 'r.id', 'c.recorded_by')
      .leftJoin('organisations as o', 'o.id', 'c.asker_organisation_id')
      .leftJoin('requests_for_support as q', 'q.id', 'c.request_id')
      .leftJoin('users as l', 'l.id', 'c.linked_by')
      .selectAll('c')
      .select([
        'r.display_name as recorded_by_name',
        'o.name as organisation_name',
        'q.reference as request_reference',
        'l.display_name as linked_by_name',
      ])
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  async list(filters: ConsultationFilters) {
    let query = this.db.selectFrom('consultations as c');
    if (filters.from) query = query.where('c.consulted_at', '>=', filters.from);
    if (filters.to) query = query.where('c.consulted_at', '<', filters.to);
    if (filters.organisationId) query = query.where('c.asker_organisation_id', '=', filters.organisationId);
    if (filters.linked !== undefined) query = query.where('c.request_id', filters.linked ? 'is not' : 'is', null);
    const [rows, counts] = await Promise.all([
      query
        .leftJoin('organisations as o', 'o.id', 'c.asker_organisation_id')
        .leftJoin('requests_for_support as q', 'q.id', 'c.request_id')
        .select([
          'c.id',
          'c.consulted_at',
          'c.channel',
          'c.asker_name',
          'c.asker_organisation_name',
          'c.child_first_name',
          'c.child_last_name',
          'c.level_discussed',
          'c.request_id',
          'o.name as organisation_name',
          'q.reference as request_reference',
        ])
        .orderBy('c.consulted_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(filters.limit ?? 50)
        .offset(filters.offset ?? 0)
        .execute(),
      query
        .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('c.request_id').as('linked')])
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(counts.total), linked: Number(counts.linked) };
  }

  requestByReference(reference: string) {
    return this.db
      .selectFrom('requests_for_support')
      .select(['id', 'reference'])
      .where('reference', '=', reference)
      .executeTakeFirst();
  }
}
