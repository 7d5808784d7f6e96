/**
 * The codes a person's ethnicity and special educational needs are recorded with (issue 14's breakdowns "ethnicity,
 * SEND"). The codes are the platform's, so a breakdown means the same in every tenant; the words a form shows are the
 * tenant's reference data (`people.ethnicities` in config/tenants/<tenant>.json), defaulting to the ONS's own.
 */

/** The ONS 2021 census's 19 ethnic groups (England and Wales), in its order, with its high-level group. */
export const ONS_ETHNICITIES = [
  { code: 'asian-bangladeshi', group: 'Asian, Asian British or Asian Welsh', name: 'Bangladeshi' },
  { code: 'asian-chinese', group: 'Asian, Asian British or Asian Welsh', name: 'Chinese' },
  { code: 'asian-indian', group: 'Asian, Asian British or Asian Welsh', name: 'Indian' },
  { code: 'asian-pakistani', group: 'Asian, Asian British or Asian Welsh', name: 'Pakistani' },
  { code: 'asian-other', group: 'Asian, Asian British or Asian Welsh', name: 'Any other Asian background' },
  { code: 'black-african', group: 'Black, Black British, Black Welsh, Caribbean or African', name: 'African' },
  { code: 'black-caribbean', group: 'Black, Black British, Black Welsh, Caribbean or African', name: 'Caribbean' },
  {
    code: 'black-other',
    group: 'Black, Black British, Black Welsh, Caribbean or African',
    name: 'Any other Black, Black British or Caribbean background',
  },
  { code: 'mixed-white-asian', group: 'Mixed or Multiple ethnic groups', name: 'White and Asian' },
  { code: 'mixed-white-black-african', group: 'Mixed or Multiple ethnic groups', name: 'White and Black African' },
  {
    code: 'mixed-white-black-caribbean',
    group: 'Mixed or Multiple ethnic groups',
    name: 'White and Black Caribbean',
  },
  {
    code: 'mixed-other',
    group: 'Mixed or Multiple ethnic groups',
    name: 'Any other Mixed or Multiple ethnic background',
  },
  { code: 'white-british', group: 'White', name: 'English, Welsh, Scottish, Northern Irish or British' },
  { code: 'white-irish', group: 'White', name: 'Irish' },
  { code: 'white-gypsy-irish-traveller', group: 'White', name: 'Gypsy or Irish Traveller' },
  { code: 'white-roma', group: 'White', name: 'Roma' },
  { code: 'white-other', group: 'White', name: 'Any other White background' },
  { code: 'other-arab', group: 'Other ethnic group', name: 'Arab' },
  { code: 'other-any', group: 'Other ethnic group', name: 'Any other ethnic group' },
] as const;

/** Recorded, but not an ethnic group: counted apart ("Prefer not to say") or as "Not known". */
export const ETHNICITY_NOT_KNOWN = 'not-known';
export const ETHNICITY_PREFER_NOT_TO_SAY = 'prefer-not-to-say';

/** Every code a person's ethnicity may hold. */
export const ETHNICITY_CODES: readonly string[] = [
  ...ONS_ETHNICITIES.map((e) => e.code),
  ETHNICITY_NOT_KNOWN,
  ETHNICITY_PREFER_NOT_TO_SAY,
];

/** The ONS's words for each code ("White: Irish"), for breakdowns and for a tenant that names none. */
export const ETHNICITY_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(ONS_ETHNICITIES.map((e) => [e.code, `${e.group}: ${e.name}`])),
  [ETHNICITY_NOT_KNOWN]: 'Not known',
  [ETHNICITY_PREFER_NOT_TO_SAY]: 'Prefer not to say',
};

/** A person's special educational needs provision (the school census's N, K and E), or not known. */
export const SEND_STATUSES = ['none', 'sen-support', 'ehc-plan', 'not-known'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];
export const SEND_NAMES: Readonly<Record<SendStatus, string>> = {
  none: 'No special educational needs',
  'sen-support': 'SEN support',
  'ehc-plan': 'Education, health and care (EHC) plan',
  'not-known': 'Not known',
};
