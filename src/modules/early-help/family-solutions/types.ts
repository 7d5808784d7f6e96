import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { londonDay } from './rules.ts';

/** A problem with what the user asked for, named by the form field to correct. */
export class FamilySolutionsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The policy refused (audited as permission.denied). */
export class FamilySolutionsDenied extends AccessDenied {}

/** Allocating over capacity needs a reason: the problems say who is full. */
export class OverCapacity extends FamilySolutionsError {
  constructor(readonly problems: string[]) {
    super('overCapacityReason', `${problems.join('. ')}. To allocate anyway, give the reason`);
  }
}

/** Family Solutions works "on the basis of family agreement": no work before it is recorded. */
export class AgreementRequired extends Error {
  constructor() {
    super('Record the family agreement before starting work with this family');
  }
}

export interface AllocationInput {
  teamId: string;
  workerId: string;
  overCapacityReason?: string | undefined;
}

export interface AgreementInput {
  agreedOn: string;
  agreedBy: string[];
  familyAgrees: string;
  serviceAgrees: string;
}

export interface SupervisionInput {
  supervisedOn: string;
  notes: string;
  decisions: string;
  nextDue: string;
}

export const SYSTEM = { userId: null, label: 'family-solutions jobs' };
export const todayInLondon = () => londonDay(new Date());
