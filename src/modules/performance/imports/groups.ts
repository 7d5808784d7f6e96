import { PERSON_BREAKDOWNS, PERSON_GROUP_KEYS } from '../../../platform/indicators/person-breakdowns.ts';
import { NOT_KNOWN } from '../../../platform/indicators/counting.ts';
import { AREA_BREAKDOWNS } from '../counted.ts';
import { breakdownTitle } from '../breakdown-tables.ts';

/**
 * The groups an imported file may give for a breakdown its indicator's definition lists (issue 14): the standard
 * breakdowns' codes (age band '0-4', gender 'female', ethnicity 'white-irish', SEND 'ehc-plan') or their words, and
 * 'unknown' ("Not known"); a breakdown of the tenant's own takes any lower-case code.
 */
export interface ImportGroup {
  key: string;
  label: string;
}

const CODE = /^[a-z0-9][a-z0-9-]{0,49}$/;

/** The breakdowns with groups a file may give for an indicator (not the areas: those are area codes). */
export const groupBreakdownsOf = (breakdowns: readonly string[]) =>
  breakdowns.filter((b) => !AREA_BREAKDOWNS.includes(b));

const labelOf = (breakdown: string, key: string): string => {
  if (key === 'unknown') return NOT_KNOWN;
  const spec = (
    PERSON_BREAKDOWNS as Record<string, { labels: Readonly<Record<string, string>> | ((k: string) => string) }>
  )[breakdown];
  if (!spec) return key;
  return typeof spec.labels === 'function' ? spec.labels(key) : (spec.labels[key] ?? key);
};

/** The codes of a standard breakdown's groups, or undefined for a breakdown of the tenant's own. */
export const knownGroups = (breakdown: string): readonly string[] | undefined =>
  (PERSON_GROUP_KEYS as Record<string, readonly string[] | undefined>)[breakdown];

/** The group a cell names (its code or its words, any case), or the problem's words. */
export function readGroup(breakdown: string, text: string): ImportGroup | string {
  const wanted = text.trim().toLowerCase();
  const known = knownGroups(breakdown);
  if (known) {
    for (const key of [...known, 'unknown'])
      if (key.toLowerCase() === wanted || labelOf(breakdown, key).toLowerCase() === wanted)
        return { key, label: labelOf(breakdown, key) };
    return `“${text.slice(0, 30)}” is not a group of ${breakdownTitle(breakdown).toLowerCase()}: use one of ${[...known, 'unknown'].join(', ')}`;
  }
  if (!CODE.test(wanted))
    return `The group must be a code of lower-case letters, digits and hyphens, not “${text.slice(0, 30)}”`;
  return { key: wanted, label: wanted };
}

/** Example rows' groups for the template: each standard breakdown's groups, 'unknown' last. */
export const templateGroups = (breakdowns: readonly string[]) =>
  groupBreakdownsOf(breakdowns).flatMap((b) => [...(knownGroups(b) ?? []), 'unknown'].map((g) => [b, g] as const));
