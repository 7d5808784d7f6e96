import { COMPULSORY_YEAR_GROUPS, yearGroupIn, yearGroupName } from '../../platform/calendar/school-year.ts';
import type { EducationSettings } from '../reference/index.ts';
import { KIND_NAMES, OUTCOME_NAMES, SAO_NAMES } from './rules.ts';

/** What the pages say: names for codes, and the items of their selects and radios (values kept as typed). */

type Item = { code: string; name: string };
export const V = 'education-compliance/views';

export const selectItems = (list: readonly Item[], selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...list.map((i) => ({ value: i.code, text: i.name, selected: i.code === selected })),
];

export const radioItems = (list: readonly Item[], checked: unknown) =>
  list.map((i) => ({ value: i.code, text: i.name, checked: i.code === checked }));

const named = (list: readonly Item[]) => Object.fromEntries(list.map((i) => [i.code, i.name]));

/** Every code the pages show, as words. */
export function educationWords(settings: EducationSettings) {
  return {
    kinds: KIND_NAMES,
    sao: SAO_NAMES,
    outcomes: OUTCOME_NAMES,
    cmeSources: named(settings.cmeSources),
    concernSources: named(settings.concernSources),
    enquirySources: named(settings.enquirySources),
    priorityReasons: {
      'social-care': 'Known to children’s social care (a Hub decision at level 4)',
      'early-help': 'Known to early help (an early help episode)',
    } as Record<string, string>,
  };
}

export const yearGroupOf = (birthSchoolYear: number, schoolYear: number) =>
  yearGroupName(yearGroupIn(birthSchoolYear, schoolYear));

export const yearGroupItems = (selected: unknown) => [
  { value: '', text: 'Any year group' },
  ...COMPULSORY_YEAR_GROUPS.map((n) => ({
    value: String(n),
    text: yearGroupName(n),
    selected: String(n) === String(selected),
  })),
];
