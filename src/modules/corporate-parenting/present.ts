import type { CorporateParentingRepository } from './repository.ts';
import { ETHNICITY_NAMES } from '../../platform/demographics.ts';
import { EET_WORDS, ETHNICITIES, GENDERS, LIFE_STORIES, PLACEMENT_TYPES, STATUS_WORDS } from './register-file.ts';

type Record = NonNullable<Awaited<ReturnType<CorporateParentingRepository['child']>>>;
const yesNo = (value: boolean | null) => (value === null ? 'Not recorded' : value ? 'Yes' : 'No');
const longDate = (day: string) =>
  new Date(day).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** One child's register record as the officer's page shows it: who they are, their statuses as at each day kept. */
export function childPage(record: Record, today: string) {
  const { child } = record;
  const current = (span: { starts_on: string; ends_on: string | null }) =>
    span.starts_on <= today && (span.ends_on === null || span.ends_on > today);
  const leaver = child.status === 'care-leaver';
  return {
    child,
    facts: [
      ['Social care id', child.social_care_id],
      ['NHS number', child.nhs_number ?? 'Not recorded'],
      ['Date of birth', longDate(child.date_of_birth)],
      ['Gender', GENDERS[child.gender] ?? child.gender],
      ['Ethnicity', ETHNICITIES[child.ethnicity] ?? child.ethnicity],
      ['Separated migrant child', yesNo(child.separated_migrant)],
      ['Status', STATUS_WORDS[child.status]],
    ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    leaver,
    // Newest first: the first is what the register holds now.
    statuses: record.statuses.map((s) => ({
      asAt: s.as_at,
      immunisations: yesNo(s.immunisations_up_to_date),
      sdq: s.sdq_score === null ? 'Not recorded' : String(s.sdq_score),
      healthPassport: yesNo(s.health_passport),
      lifeStory: LIFE_STORIES[s.life_story],
      adviser: s.personal_adviser || 'None named',
      accommodation: yesNo(s.accommodation_suitable),
      eet: s.eet ? EET_WORDS[s.eet] : 'Not recorded',
    })),
    periods: record.periods.map((p) => ({ ...p, current: current(p) })),
    placements: record.placements.map((p) => ({
      ...p,
      typeText: PLACEMENT_TYPES[p.placement_type] ?? p.placement_type,
      carerText: p.carer_ethnicity ? (ETHNICITY_NAMES[p.carer_ethnicity] ?? p.carer_ethnicity) : '',
      current: current(p),
    })),
    healthChecks: record.events.filter((e) => e.kind === 'health-check').map((e) => e.on_date),
    peps: record.events.filter((e) => e.kind === 'pep').map((e) => e.on_date),
  };
}
