import type { PlanWhoKind } from '../../../platform/db/schema/index.ts';
import { signOffVersionProblem } from './rules.ts';

/** The sign-off was for a plan that has changed since it was shown: nothing is saved, the current plan is shown. */
export class PlanChangedError extends Error {
  constructor(readonly currentVersion: number) {
    super(signOffVersionProblem(0, currentVersion)!);
  }
}

export type ActionWho =
  | { kind: 'family-member'; memberId: string }
  | { kind: 'practitioner'; userId: string }
  | { kind: 'service'; serviceId: string };

export interface GoalInput {
  /** A need of the episode, or null for a goal typed on its own (then `area` is its outcome area). */
  needId: string | null;
  area: string;
  description: string;
  startScore: number;
}

export interface ActionInput {
  goalId: string;
  description: string;
  who: ActionWho;
  dueDate: string;
}

export interface SignOffInput {
  contentVersion: number;
  memberId: string;
  childAppropriate: boolean;
  typedName: string;
  signedOn: string;
}

export interface ReviewInput {
  reviewDate: string;
  /** Goal id → score 0-10, for every goal of the plan. */
  scores: Record<string, number>;
  whatChanged: string;
  nextReviewDate: string;
}

export const WHO_KIND: Record<ActionWho['kind'], PlanWhoKind> = {
  'family-member': 'family-member',
  practitioner: 'practitioner',
  service: 'service',
};
