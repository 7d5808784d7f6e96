import { StaleVersionError } from '../../../platform/db/errors.ts';
import { formError, type FormErrors } from '../../../platform/views/forms.ts';
import { FamilySolutionsError, type FamilySolutionsService } from './service.ts';
import type { EarlyHelpService } from '../service.ts';

export const V = 'early-help/family-solutions/views';
const STALE = 'Someone else changed this while you were looking at it. Nothing has been saved: check it as it is now.';
export const BASE = '/early-help/family-solutions';

export type Deps = {
  familySolutions: FamilySolutionsService;
  earlyHelp: EarlyHelpService;
};

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
export function problemOf(error: unknown): FormErrors | null {
  if (error instanceof FamilySolutionsError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  return null;
}
