import { format, parseISO, subMonths } from 'date-fns';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { DB, PartnershipPlanItemKind, PartnershipPlanRag } from '../../platform/db/schema/index.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { loadPlanFile, planFilePath } from './plan-file.ts';
import { PartnershipPlanRepository } from './repository.ts';
import {
  RAGS,
  type ActionEditInput,
  type ActionInput,
  type LeadInput,
  type ReviewInput,
  type UpdateInput,
} from './schemas.ts';

/** What an outcome, principle, priority or objective is called, for a page that names what an indicator serves. */
export interface PlanItemDescription {
  code: string;
  kind: PartnershipPlanItemKind;
  name: string;
  versionCode: string;
}
export type RagCounts = Record<PartnershipPlanRag, number>;
/** Where an action belongs: a priority or objective (by code), or a Locality Children's Partnership's local plan. */
export type ActionHome = { itemCode: string } | { locality: string; itemCode: string | null };

/** A priority is reviewed yearly (seed 000: "reviewed and updated annually"). */
const REVIEW_MONTHS = 12;
const zero = (): RagCounts => ({ red: 0, amber: 0, green: 0, complete: 0 });
const ACTION_KINDS: readonly PartnershipPlanItemKind[] = ['priority', 'objective'];

/**
 * The partnership plan (issue 14): the Children and Young People's Plan's versions and their content (from the
 * tenant's plan file), delivery actions with dated RAG updates, the Locality Children's Partnerships' local action
 * plans, and yearly priority reviews. Routes declare plan:view or plan:manage; every write is audited with what
 * changed.
 */
export class PartnershipPlanService {
  private readonly r: PartnershipPlanRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {
    this.r = new PartnershipPlanRepository(db);
  }

  /**
   * Loads the tenant's plan file (config/tenants/<tenant>/plan.json) at start-up; safe at every start. A tenant
   * without the file has no plan (false); a malformed file stops start-up with a message naming every problem.
   */
  async seed(tenant: string, options: { tenantsDir: string; quadrants: readonly string[] }): Promise<boolean> {
    const file = await loadPlanFile(planFilePath(options.tenantsDir, tenant), options.quadrants);
    if (!file) return false;
    await this.r.seed(file);
    return true;
  }

  /** The plan's items by code, for another module naming what something serves; unknown codes are left out. */
  async describe(codes: readonly string[]): Promise<Map<string, PlanItemDescription>> {
    const rows = await this.r.items([...new Set(codes)].filter((c) => c.length <= 100));
    return new Map(
      rows.map((i) => [i.code, { code: i.code, kind: i.kind, name: i.name, versionCode: i.version_code }]),
    );
  }

  /** A delivery action in outline, for a board action that links to it; null when there is none. */
  async findAction(id: string): Promise<{ id: string; title: string; status: PartnershipPlanRag } | null> {
    const action = isUuid(id) ? await this.r.action(id) : undefined;
    return action ? { id: action.id, title: action.title, status: action.rag } : null;
  }

  versions() {
    return this.r.versions();
  }

  /** A version with its content, actions counted by RAG, and each priority's last review. */
  async version(code: string | null) {
    const version = code === null ? await this.r.current() : await this.r.version(code);
    if (!version) return null;
    const [items, itemCounts, localities, localityCounts, forums] = await Promise.all([
      this.r.itemsOf(version.code),
      this.counts('item_code'),
      this.r.localities(),
      this.counts('locality'),
      this.forums(),
    ]);
    const reviews = await this.reviewState(items.filter((i) => i.kind === 'priority').map((i) => i.code));
    const withCounts = <T extends { code: string }>(item: T) => ({
      ...item,
      rag: itemCounts.get(item.code) ?? zero(),
      review: reviews.get(item.code) ?? null,
    });
    const of = (kind: PartnershipPlanItemKind) => items.filter((i) => i.kind === kind).map(withCounts);
    return {
      version,
      outcomes: of('outcome'),
      principles: of('principle'),
      priorities: of('priority'),
      objectives: of('objective'),
      localities: localities.map((l) => ({ ...l, rag: localityCounts.get(l.quadrant) ?? zero() })),
      forums,
    };
  }

  /** A priority or objective with its version's objectives, its actions and reviews; null if unknown. */
  async item(code: string) {
    const item = await this.r.item(code);
    if (!item || !ACTION_KINDS.includes(item.kind)) return null;
    const [version, siblings, actions, reviews, forums] = await Promise.all([
      this.r.version(item.version_code),
      this.r.itemsOf(item.version_code),
      this.r.actionsOf({ itemCode: code }),
      this.r.reviews(code),
      this.forums(),
    ]);
    const state = item.kind === 'priority' ? (await this.reviewState([code])).get(code)! : null;
    return {
      item,
      version: version!,
      objectives: siblings.filter((s) => s.kind === 'objective' && s.code !== code),
      actions,
      reviews,
      review: state,
      forums,
    };
  }

  /** A Locality Children's Partnership with its local action plan and the current priorities it may serve. */
  async locality(quadrant: string) {
    const locality = await this.r.locality(quadrant);
    if (!locality) return null;
    const [actions, current] = await Promise.all([this.r.actionsOf({ locality: quadrant }), this.r.current()]);
    const priorities = current ? (await this.r.itemsOf(current.code)).filter((i) => i.kind === 'priority') : [];
    return { locality, actions, priorities, rag: tally(actions), forums: await this.forums() };
  }

  /** The priorities an action of this home may name (a Locality Partnership's serve the current plan's). */
  async choicesFor(home: ActionHome) {
    if (!('locality' in home)) return [];
    return (await this.locality(home.locality))?.priorities ?? [];
  }

  /** An action with its updates, newest first; null when there is none. */
  async action(id: string) {
    const action = isUuid(id) ? await this.r.action(id) : undefined;
    if (!action) return null;
    return { action, updates: await this.r.updates(id), today: todayInLondon() };
  }

  async addAction(actor: AuditActor, home: ActionHome, input: ActionInput): Promise<string> {
    const id = newId();
    const itemCode = 'locality' in home ? input.itemCode : home.itemCode;
    const locality = 'locality' in home ? home.locality : null;
    await this.db.transaction().execute(async (tx) => {
      await this.r.insertAction(
        tx,
        {
          id,
          itemCode,
          locality,
          title: input.title,
          ownerName: input.ownerName,
          ownerOrganisation: input.ownerOrganisation,
          dueOn: input['dueOn-day'],
          rag: input.rag,
        },
        actor.userId,
      );
      await this.audit.record(
        actor,
        {
          action: 'plan-action.added',
          outcome: 'success',
          subjectType: 'plan-action',
          subjectId: id,
          details: { itemCode, locality, title: input.title, dueOn: input['dueOn-day'], rag: input.rag },
        },
        tx,
      );
    });
    return id;
  }

  /** Edits an action if still at the version the user saw (else StaleVersionError), auditing each field changed. */
  async editAction(actor: AuditActor, id: string, input: ActionEditInput): Promise<boolean> {
    const before = isUuid(id) ? await this.r.action(id) : undefined;
    if (!before) return false;
    const after = {
      title: input.title,
      owner_name: input.ownerName,
      owner_organisation: input.ownerOrganisation,
      due_on: input['dueOn-day'],
      rag: input.rag,
      ...(before.locality ? { item_code: input.itemCode } : {}),
    };
    const changed = Object.fromEntries(
      Object.entries(after)
        .filter(([field, value]) => before[field as keyof typeof after] !== value)
        .map(([field, value]) => [field, { from: before[field as keyof typeof after], to: value }]),
    );
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'partnership_plan_actions',
        { id, version: input.version, by: actor.userId, what: 'This action' },
        after,
      );
      await this.audit.record(
        actor,
        {
          action: 'plan-action.edited',
          outcome: 'success',
          subjectType: 'plan-action',
          subjectId: id,
          details: { changed },
        },
        tx,
      );
    });
    return true;
  }

  /**
   * A dated update with the action's new RAG status. Optimistic locking: if someone else changed the action after
   * the user opened it, nothing is saved and StaleVersionError is thrown, so the page can show theirs.
   */
  async recordUpdate(actor: AuditActor, id: string, input: UpdateInput): Promise<boolean> {
    const before = isUuid(id) ? await this.r.action(id) : undefined;
    if (!before) return false;
    await this.db.transaction().execute(async (tx) => {
      const saved = await this.r.addUpdate(
        tx,
        { id, version: input.version, by: actor.userId },
        { id: newId(), updateOn: input['updateOn-day'], note: input.note, rag: input.rag },
      );
      if (!saved) throw new StaleVersionError('This action');
      await this.audit.record(
        actor,
        {
          action: 'plan-action.updated',
          outcome: 'success',
          subjectType: 'plan-action',
          subjectId: id,
          details: { updateOn: input['updateOn-day'], rag: { from: before.rag, to: input.rag } },
        },
        tx,
      );
    });
    return true;
  }

  /** An outcome, for the form naming its lead; null for anything else. */
  async outcome(code: string) {
    const item = await this.r.item(code);
    if (!item || item.kind !== 'outcome') return null;
    return { item, version: (await this.r.version(item.version_code))! };
  }

  /** Names (or clears) an outcome's lead, audited from and to. */
  async setOutcomeLead(actor: AuditActor, code: string, input: LeadInput): Promise<boolean> {
    const found = await this.outcome(code);
    if (!found) return false;
    await this.db.transaction().execute(async (tx) => {
      await this.r.setLead(tx, code, input.lead);
      await this.audit.record(
        actor,
        {
          action: 'plan-outcome.lead-changed',
          outcome: 'success',
          subjectType: 'plan-outcome',
          subjectId: code,
          details: { lead: { from: found.item.lead, to: input.lead } },
        },
        tx,
      );
    });
    return true;
  }

  /** A priority's yearly review: what was found and whether it continues, changes or retires. */
  async reviewPriority(actor: AuditActor, code: string, input: ReviewInput): Promise<boolean> {
    const item = await this.r.item(code);
    if (!item || item.kind !== 'priority') return false;
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.r.insertReview(
        tx,
        { id, itemCode: code, reviewedOn: input['reviewedOn-day'], findings: input.findings, decision: input.decision },
        actor.userId,
      );
      await this.audit.record(
        actor,
        {
          action: 'plan-priority.reviewed',
          outcome: 'success',
          subjectType: 'plan-priority',
          subjectId: code,
          details: { reviewId: id, reviewedOn: input['reviewedOn-day'], decision: input.decision },
        },
        tx,
      );
    });
    return true;
  }

  /** The forums' names by code, as the plan file says them. */
  private async forums(): Promise<Record<string, string>> {
    return Object.fromEntries(await this.r.forumNames());
  }

  private async counts(by: 'item_code' | 'locality') {
    const counts = new Map<string, RagCounts>();
    for (const row of await this.r.ragCounts(by)) {
      const key = String(row.key);
      const entry = counts.get(key) ?? zero();
      entry[row.rag] = Number(row.n);
      counts.set(key, entry);
    }
    return counts;
  }

  /** Each priority's last review, and whether one is due (none in the last 12 months); a retired one is not due. */
  private async reviewState(codes: readonly string[]) {
    const yearAgo = format(subMonths(parseISO(todayInLondon()), REVIEW_MONTHS), 'yyyy-MM-dd');
    const latest = new Map((await this.r.latestReviews(codes)).map((r) => [r.item_code, r]));
    return new Map(
      codes.map((code) => {
        const last = latest.get(code);
        const retired = last?.decision === 'retire';
        const due = !retired && (!last || last.reviewed_on <= yearAgo);
        return [code, { last: last ?? null, due, retired }];
      }),
    );
  }
}

/** Actions counted by RAG status. */
export function tally(actions: readonly { rag: PartnershipPlanRag }[]): RagCounts {
  const counts = zero();
  for (const a of actions) counts[a.rag] += 1;
  return counts;
}
export { RAGS };
