import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';

/** Kysely queries of the MACE panels' membership; the rules and the audit live in service.ts. */
export class MacePanelRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The quadrants whose panel a user sits on, in the tenant's order. */
  quadrantsOf(userId: string) {
    return this.db
      .selectFrom('mace_panel_members as m')
      .innerJoin('quadrants as q', 'q.id', 'm.quadrant_id')
      .select(['q.id', 'q.code', 'q.name'])
      .where('m.user_id', '=', userId)
      .orderBy('q.sort_order')
      .execute();
  }

  /** Every panel with its members (name, organisation), in the tenant's order. */
  panels() {
    return this.db
      .selectFrom('quadrants as q')
      .leftJoin('mace_panel_members as m', 'm.quadrant_id', 'q.id')
      .leftJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
      .select([
        'q.id as quadrant_id',
        'q.code as quadrant_code',
        'q.name as quadrant_name',
        'u.id as user_id',
        'u.display_name',
        'u.email',
        'o.name as organisation_name',
      ])
      .orderBy('q.sort_order')
      .orderBy('u.display_name')
      .execute();
  }

  /** Adds a member; adding someone already on the panel changes nothing. True when they were added. */
  async add(quadrantId: string, userId: string, by: string | null): Promise<boolean> {
    const row = await this.db
      .insertInto('mace_panel_members')
      .values({ quadrant_id: quadrantId, user_id: userId, added_by: by })
      .onConflict((oc) => oc.columns(['quadrant_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return Boolean(row);
  }

  async remove(quadrantId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('mace_panel_members')
      .where('quadrant_id', '=', quadrantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
