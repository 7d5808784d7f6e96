import type {
  EpisodeClosureReason,
  FamilyRelationship,
  NeedOutcome,
  RequestPersonRole,
} from '../../platform/db/schema/index.ts';

/**
 * The rules of families and early help episodes that need no database, kept pure so they are
 * tested directly: the words for relationships and reasons, which level changes go back through
 * the Hub's front door, and what must be true before an episode closes.
 */

export const RELATIONSHIPS: readonly FamilyRelationship[] = [
  'parent',
  'carer',
  'child',
  'sibling',
  'partner',
  'grandparent',
  'other',
];
export const RELATIONSHIP_NAMES: Record<FamilyRelationship, string> = {
  parent: 'Parent',
  carer: 'Carer',
  child: 'Child',
  sibling: 'Sibling',
  partner: 'Partner',
  grandparent: 'Grandparent',
  other: 'Other family member',
};

export const CLOSURE_REASONS: readonly EpisodeClosureReason[] = [
  'needs-met',
  'stepped-up',
  'stepped-down-to-universal',
  'consent-withdrawn',
  'moved-away',
];
export const CLOSURE_REASON_NAMES: Record<EpisodeClosureReason, string> = {
  'needs-met': 'The family’s needs have been met',
  'stepped-up': 'Stepped up to specialist support (level 4)',
  'stepped-down-to-universal': 'Stepped down to universal services (level 1)',
  'consent-withdrawn': 'The family withdrew their consent',
  'moved-away': 'The family moved away',
};

export const NEED_OUTCOMES: readonly NeedOutcome[] = ['achieved', 'partly', 'not'];
export const NEED_OUTCOME_NAMES: Record<NeedOutcome, string> = {
  achieved: 'Achieved',
  partly: 'Partly achieved',
  not: 'Not achieved',
};

export const PATHWAY_NAMES = { taf: 'Team Around the Family', 'family-solutions': 'Family Solutions' } as const;

/** How someone entered on a Request for Support relates to the family. */
export function relationshipFromRequest(role: RequestPersonRole): FamilyRelationship {
  return role === 'child' ? 'child' : role === 'parent-carer' ? 'parent' : 'other';
}

/** And back: how a family member is entered on a Request for Support (a step up or down). */
export function requestRoleOf(relationship: FamilyRelationship): RequestPersonRole {
  return relationship === 'child' || relationship === 'sibling'
    ? 'child'
    : relationship === 'parent' || relationship === 'carer'
      ? 'parent-carer'
      : 'other';
}

export type LevelChangeRoute =
  | { kind: 'same' }
  /** Within early help (level 2 and 3): recorded on the episode straight away. */
  | { kind: 'direct'; direction: 'step-up' | 'step-down' }
  /** Out of early help (up to 4, down to 1): a Request for Support goes to the Hub as well. */
  | { kind: 'front-door'; direction: 'step-up' | 'step-down' };

/**
 * Early help is levels 2 and 3 of the Windscreen. Moving between them is the lead professional's
 * call; a step up to specialist support (4) or down to universal services (1) leaves early help,
 * so the Hub hears about it through the front door with the handover.
 */
export function levelChangeRoute(from: number, to: number): LevelChangeRoute {
  if (from === to) return { kind: 'same' };
  const direction = to > from ? 'step-up' : 'step-down';
  return to === 4 || to === 1 ? { kind: 'front-door', direction } : { kind: 'direct', direction };
}

/** Something that stops an episode closing, shown to the user as it is. */
export interface ClosureBlocker {
  field: string;
  text: string;
}

/**
 * What stops an episode closing, apart from open work elsewhere (the plan slice adds open actions):
 * every need identified must have an outcome, and only outcomes for this episode's needs count.
 */
export function closureProblems(
  needIds: readonly string[],
  outcomes: Record<string, string | undefined>,
): ClosureBlocker[] {
  const problems: ClosureBlocker[] = [];
  needIds.forEach((id, index) => {
    const outcome = outcomes[id];
    if (!outcome) problems.push({ field: `outcome-${id}`, text: `Select an outcome for need ${index + 1}` });
    else if (!(NEED_OUTCOMES as readonly string[]).includes(outcome))
      problems.push({ field: `outcome-${id}`, text: `Select an outcome for need ${index + 1} from the list` });
  });
  return problems;
}

/** "The Smith family", from the surname the family's first child (or first person) goes by. */
export function familyNameFor(lastName: string | undefined): string {
  const name = (lastName ?? '').trim();
  return name ? `The ${name} family` : 'The family';
}
