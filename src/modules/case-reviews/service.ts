import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { CaseReviewStatus, DB } from '../../platform/db/schema/index.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { CaseReviewChildLinks } from './child-link.ts';
import { CaseReviewCore, type CaseReviewDeps } from './core.ts';
import { LearningActions } from './learning.ts';
import { LocalReviews } from './local-review.ts';
import { CaseReviewReferrals } from './referrals.ts';
import { CaseReviewRepository } from './repository.ts';
import { loadCaseReviewSettings } from './settings.ts';

/**
 * Safeguarding practice reviews and learning (issue 16; seed 004): case review referrals, the three statutory
 * partners' triage, Rapid Reviews, local Child Safeguarding Practice Reviews and the agencies' learning actions.
 */
export class CaseReviewService {
  readonly core: CaseReviewCore;
  private readonly repository: CaseReviewRepository;
  readonly referrals: CaseReviewReferrals;
  readonly local: LocalReviews;
  readonly learning: LearningActions;
  readonly child: CaseReviewChildLinks;

  constructor(db: Kysely<DB>, audit: AuditLog, deps: CaseReviewDeps) {
    this.core = new CaseReviewCore(db, audit, deps);
    this.repository = new CaseReviewRepository(db);
    this.referrals = new CaseReviewReferrals(this.core, this.repository);
    this.local = new LocalReviews(this.core, this.repository);
    this.learning = new LearningActions(this.core, this.repository);
    this.child = new CaseReviewChildLinks(this.core, this.repository);
  }

  /** A service reading the tenant's file once. */
  static forTenant(db: Kysely<DB>, audit: AuditLog, tenant: string, deps: Omit<CaseReviewDeps, 'settings'>) {
    let settings: ReturnType<typeof loadCaseReviewSettings> | undefined;
    return new CaseReviewService(db, audit, { ...deps, settings: () => (settings ??= loadCaseReviewSettings(tenant)) });
  }

  settings() {
    return this.core.settings();
  }
  standing(user: Principal) {
    return this.core.standing(user);
  }
  organisations() {
    return this.repository.organisations();
  }
  /** A referral's row (no audit: for forms and checks that do not show the child). */
  referral(id: string) {
    return this.repository.referral(id);
  }
  /** The local review of a referral, and its recommendations. */
  localReview(referralId: string) {
    return this.repository.cspr(referralId);
  }
  recommendations(csprId: string) {
    return this.repository.recommendations(csprId);
  }
  /** How many referrals there are (the demo seeds only an empty table). */
  referralCount() {
    return this.repository.count();
  }

  /**
   * The referrals a user may list: the Board manager and the statutory partners' leads (every referral is triaged by
   * all three partners, and all three take part in each Rapid Review and local review). No child's name is listed.
   */
  async list(user: Principal, filter: { status?: CaseReviewStatus | undefined; offset: number; limit: number }) {
    const standing = await this.core.standing(user);
    if (!standing.manages && !standing.partner) return { rows: [], total: 0, awaiting: [] };
    const [rows, total, awaiting] = await Promise.all([
      this.repository.list(filter),
      this.repository.count(filter.status),
      standing.partner ? this.repository.awaitingTriage(standing.partner) : Promise.resolve([]),
    ]);
    return { rows, total, awaiting };
  }

  /**
   * A referral with everything that followed it. It names the child, so it is a read of a person's record: audited
   * against the person when the child is matched to Hearth's people, else against the referral. Anyone but the Board
   * manager and a statutory partner's lead is refused, audited.
   */
  async view(actor: AuditActor, user: Principal, id: string) {
    const referral = await this.repository.referral(id);
    if (!referral) return null;
    const standing = await this.core.standing(user);
    if (!standing.manages && !standing.partner)
      await this.core.refuse(
        actor,
        'review:triage',
        'Only the Board manager and the statutory partners’ leads see a case review referral.',
        id,
      );
    await this.core.audit.record(actor, {
      action: 'record.viewed',
      outcome: 'allowed',
      subjectType: referral.person_id ? 'person' : 'case-review',
      subjectId: referral.person_id ?? id,
      details: { via: 'case-review', referralId: id },
    });
    const [triage, rapid, cspr, actions, links, linked] = await Promise.all([
      this.repository.triage(id),
      this.repository.rapidReview(id),
      this.repository.cspr(id),
      this.repository.actions({ referralId: id }),
      this.child.history(id),
      this.core.deps.people.summaries(referral.person_id ? [referral.person_id] : []),
    ]);
    const [stages, delays, recommendations] = cspr
      ? await Promise.all([
          this.repository.stages(cspr.id),
          this.repository.delays(cspr.id),
          this.repository.recommendations(cspr.id),
        ])
      : [[], [], []];
    const person = referral.person_id ? (linked.get(referral.person_id) ?? null) : null;
    return { referral, person, links, triage, rapid, cspr, stages, delays, recommendations, actions, standing };
  }
}
