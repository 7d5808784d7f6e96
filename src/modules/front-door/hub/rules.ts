import type { HubPathway } from '../../../platform/db/schema/index.ts';
import { GENDERS, type Gender } from '../../people/index.ts';

/** The Hub's rules and words that need no database: pathways and their levels, what a requester is told. */

export const PATHWAYS: readonly HubPathway[] = [
  'advice-signposting',
  'taf',
  'family-solutions',
  'social-care',
  'no-further-action',
];
export const PATHWAY_NAMES: Record<HubPathway, string> = {
  'advice-signposting': 'Advice and signposting to services',
  taf: 'Suggest a Team Around the Family',
  'family-solutions': 'Family Solutions (level 3)',
  'social-care': 'Children’s social care (level 4)',
  'no-further-action': 'No further action',
};
/** The level of need as the requester is told it: "The level of need is level 2 (Additional)." */
export function levelWords(level: number, levels: readonly { level: number; name: string }[]): string {
  const name = levels.find((l) => l.level === level)?.name;
  return `The level of need is level ${level}${name ? ` (${name})` : ''} on the Effective Support Windscreen.`;
}

/** What the requester is told, in plain words. */
export function outcomeWords(pathway: HubPathway, level: number): string {
  switch (pathway) {
    case 'advice-signposting':
      return 'We think the services below can help. You can contact them directly.';
    case 'taf':
      return 'We suggest a Team Around the Family: the practitioners who know the family work together with them, led by one of them as lead professional. A TAF Support Officer will be in touch to help you set it up.';
    case 'family-solutions':
      return 'The family will be offered support from a Family Solutions team. A worker will contact them.';
    case 'social-care':
      return `The request has gone to children’s social care (level ${level}). They will contact the family.`;
    case 'no-further-action':
      return 'We do not think the Hub needs to do anything more at the moment.';
  }
}

/** The details matching reads, from a person as entered on a request. */
export function personDetails(p: {
  first_name: string;
  last_name: string;
  date_of_birth: string | Date | null;
  is_expected: boolean;
  gender: string | null;
  address: string | null;
  postcode: string | null;
  nhs_number?: string | null;
  upn?: string | null;
}) {
  const date = p.date_of_birth instanceof Date ? p.date_of_birth.toISOString().slice(0, 10) : p.date_of_birth;
  // Police systems say "another" where the people module says "other".
  const said = p.gender === 'another' ? 'other' : (p.gender ?? '');
  const gender = (GENDERS as readonly string[]).includes(said) ? (said as Gender) : null;
  return {
    firstName: p.first_name,
    lastName: p.last_name,
    dateOfBirth: p.is_expected ? null : date,
    expectedDate: p.is_expected ? date : null,
    gender,
    address: p.address,
    postcode: p.postcode,
    nhsNumber: p.nhs_number ?? null,
    upn: p.upn ?? null,
  };
}
