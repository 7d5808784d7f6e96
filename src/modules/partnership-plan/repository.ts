import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  DB,
  PartnershipPlanItemKind,
  PartnershipPlanRag,
  PartnershipPlanReviewDecision,
} from '../../platform/db/schema/index.ts';
import type { PlanFile } from './plan-file.ts';

type Db = Kysely<DB> | Transaction<DB>;

const KINDS: Record<'outcomes' | 'principles' | 'priorities' | 'objectives', PartnershipPlanItemKind> = {
  outcomes: 'outcome',
  principles: 'principle',
  priorities: 'priority',
  objectives: 'objective',
};

export interface NewAction {
  id: string;
  itemCode: string | null;
  locality: string | null;
  title: string;
  ownerName: string;
  ownerOrganisation: string;
  dueOn: string;
  rag: PartnershipPlanRag;
}

/** The partnership plan's queries (Kysely only): the plan file's content, actions, updates and reviews. */
export class PartnershipPlanRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The plan file into the tables: content follows the file; rows the file no longer names stay (actions cite them). */
  async seed(file: PlanFile): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const [code, name] of Object.entries(file.forums))
        await tx
          .insertInto('partnership_plan_forums')
          .values({ code, name })
          .onConflict((oc) => oc.column('code').doUpdateSet({ name }))
          .execute();
      await tx.updateTable('partnership_plan_versions').set({ is_current: false }).execute();
      for (const [i, v] of file.versions.entries()) {
        const values = { name: v.name, period: v.period, summary: v.summary, is_current: v.code === file.current };
        await tx
          .insertInto('partnership_plan_versions')
          .values({ code: v.code, sort_order: i, ...values })
          .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, sort_order: i }))
          .execute();
        for (const [list, kind] of Object.entries(KINDS) as [keyof typeof KINDS, PartnershipPlanItemKind][]) {
          for (const [j, item] of v[list].entries()) {
            const row = {
              version_code: v.code,
              kind,
              name: item.name,
              description: item.description,
              lead: item.lead ?? null,
              led_by: item.ledBy ?? null,
              forum_code: item.forum ?? null,
              sort_order: j,
            };
            await tx
              .insertInto('partnership_plan_items')
              .values({ code: item.code, ...row })
              // An outcome lead named in Hearth stays until the file names one.
              .onConflict((oc) =>
                oc.column('code').doUpdateSet({
                  ...row,
                  lead: sql<string | null>`coalesce(excluded.lead, partnership_plan_items.lead)`,
                }),
              )
              .execute();
          }
        }
      }
      for (const [i, l] of file.localities.entries()) {
        const row = { name: l.name, forum_code: l.forum, description: l.description, sort_order: i };
        await tx
          .insertInto('partnership_plan_localities')
          .values({ quadrant: l.quadrant, ...row })
          .onConflict((oc) => oc.column('quadrant').doUpdateSet(row))
          .execute();
      }
    });
  }

  async forumNames() {
    const rows = await this.db.selectFrom('partnership_plan_forums').selectAll().execute();
    return new Map(rows.map((f) => [f.code, f.name]));
  }
  versions() {
    return this.db.selectFrom('partnership_plan_versions').selectAll().orderBy('sort_order').execute();
  }
  version(code: string) {
    return this.db.selectFrom('partnership_plan_versions').selectAll().where('code', '=', code).executeTakeFirst();
  }
  current() {
    return this.db
      .selectFrom('partnership_plan_versions')
      .selectAll()
      .where('is_current', '=', true)
      .executeTakeFirst();
  }
  itemsOf(versionCode: string) {
    return this.db
      .selectFrom('partnership_plan_items')
      .selectAll()
      .where('version_code', '=', versionCode)
      .orderBy('sort_order')
      .execute();
  }
  item(code: string) {
    return this.db.selectFrom('partnership_plan_items').selectAll().where('code', '=', code).executeTakeFirst();
  }
  items(codes: readonly string[]) {
    if (codes.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('partnership_plan_items').selectAll().where('code', 'in', codes).execute();
  }
  setLead(tx: Db, code: string, lead: string | null) {
    return tx.updateTable('partnership_plan_items').set({ lead }).where('code', '=', code).execute();
  }
  localities() {
    return this.db.selectFrom('partnership_plan_localities').selectAll().orderBy('sort_order').execute();
  }
  locality(quadrant: string) {
    return this.db
      .selectFrom('partnership_plan_localities')
      .selectAll()
      .where('quadrant', '=', quadrant)
      .executeTakeFirst();
  }

  /** Actions by RAG status, per priority/objective or per Locality Children's Partnership. */
  async ragCounts(by: 'item_code' | 'locality') {
    return this.db
      .selectFrom('partnership_plan_actions')
      .select([`${by} as key`, 'rag', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where(by, 'is not', null)
      .groupBy([by, 'rag'])
      .execute();
  }

  private actionsQuery(db: Db = this.db) {
    return db
      .selectFrom('partnership_plan_actions as a')
      .leftJoin('partnership_plan_items as i', 'i.code', 'a.item_code')
      .leftJoin('partnership_plan_localities as l', 'l.quadrant', 'a.locality')
      .selectAll('a')
      .select(['i.name as item_name', 'i.kind as item_kind', 'i.version_code', 'l.name as locality_name']);
  }
  actionsOf(where: { itemCode: string } | { locality: string }) {
    const query = this.actionsQuery();
    return (
      'itemCode' in where
        ? query.where('a.item_code', '=', where.itemCode)
        : query.where('a.locality', '=', where.locality)
    )
      .orderBy('a.due_on')
      .orderBy('a.created_at')
      .execute();
  }
  action(id: string) {
    return this.actionsQuery().where('a.id', '=', id).executeTakeFirst();
  }
  updates(actionId: string) {
    return this.db
      .selectFrom('partnership_plan_action_updates as u')
      .leftJoin('users', 'users.id', 'u.created_by')
      .selectAll('u')
      .select('users.display_name as author')
      .where('u.action_id', '=', actionId)
      .orderBy('u.update_on', 'desc')
      .orderBy('u.created_at', 'desc')
      .execute();
  }

  insertAction(tx: Db, action: NewAction, by: string | null) {
    return tx
      .insertInto('partnership_plan_actions')
      .values({
        id: action.id,
        item_code: action.itemCode,
        locality: action.locality,
        title: action.title,
        owner_name: action.ownerName,
        owner_organisation: action.ownerOrganisation,
        due_on: action.dueOn,
        rag: action.rag,
        created_by: by,
        updated_by: by,
      })
      .execute();
  }

  /** An update moves the action to its new RAG status, if still at the version the user saw; else false. */
  async addUpdate(
    tx: Db,
    target: { id: string; version: number; by: string | null },
    update: { id: string; updateOn: string; note: string; rag: PartnershipPlanRag },
  ): Promise<boolean> {
    const result = await tx
      .updateTable('partnership_plan_actions')
      .set((eb) => ({ rag: update.rag, updated_at: new Date(), updated_by: target.by, version: eb('version', '+', 1) }))
      .where('id', '=', target.id)
      .where('version', '=', target.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await tx
      .insertInto('partnership_plan_action_updates')
      .values({
        id: update.id,
        action_id: target.id,
        update_on: update.updateOn,
        note: update.note,
        rag: update.rag,
        created_by: target.by,
      })
      .execute();
    return true;
  }

  reviews(itemCode: string) {
    return this.db
      .selectFrom('partnership_plan_reviews as r')
      .leftJoin('users', 'users.id', 'r.created_by')
      .selectAll('r')
      .select('users.display_name as reviewer')
      .where('r.item_code', '=', itemCode)
      .orderBy('r.reviewed_on', 'desc')
      .orderBy('r.created_at', 'desc')
      .execute();
  }
  /** Each item's latest review: the day and the decision. */
  async latestReviews(codes: readonly string[]) {
    if (codes.length === 0) return [];
    return this.db
      .selectFrom('partnership_plan_reviews')
      .select(['item_code', 'reviewed_on', 'decision'])
      .distinctOn('item_code')
      .where('item_code', 'in', codes)
      .orderBy('item_code')
      .orderBy('reviewed_on', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
  }
  insertReview(
    tx: Db,
    review: {
      id: string;
      itemCode: string;
      reviewedOn: string;
      findings: string;
      decision: PartnershipPlanReviewDecision;
    },
    by: string | null,
  ) {
    return tx
      .insertInto('partnership_plan_reviews')
      .values({
        id: review.id,
        item_code: review.itemCode,
        reviewed_on: review.reviewedOn,
        findings: review.findings,
        decision: review.decision,
        created_by: by,
      })
      .execute();
  }
}
