import type { CorporateParentingRepository } from './repository.ts';
import { EET_WORDS, ETHNICITIES, GENDERS, LIFE_STORIES, PLACEMENT_TYPES, STATUS_WORDS } from './register-file.ts';

type Record = NonNullable<Awaited<ReturnType<CorporateParentingRepository['child']>>>;
const yesNo = (value: boolean | null) => (value === null ? 'Not recorded' : value ? 'Yes' : 'No');

/** One child's register record as the officer's page shows it. */
export function childPage(record: Record, today: string) {
  const { child } = record;
  const current = (span: { starts_on: string; ends_on: string | null }) =>
    span.starts_on <= today && (span.ends_on === null || span.ends_on > today);
  return {
    child,
    facts: [
      ['Social care id', child.social_care_id],
      [
        'Date of birth',
        new Date(child.date_of_birth).toLocaleDateString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }),
      ],
      ['Gender', GENDERS[child.gender] ?? child.gender],
      ['Ethnicity', ETHNICITIES[child.ethnicity] ?? child.ethnicity],
      ['Separated migrant child', yesNo(child.separated_migrant)],
      ['Status', STATUS_WORDS[child.status]],
      ['Immunisations up to date', yesNo(child.immunisations_up_to_date)],
      ['SDQ score', child.sdq_score === null ? 'Not recorded' : String(child.sdq_score)],
      ['Health passport', yesNo(child.health_passport)],
      ['Life Story work', LIFE_STORIES[child.life_story]],
      ...(child.status === 'care-leaver'
        ? [
            ['Personal Adviser', child.personal_adviser || 'None named'],
            ['Accommodation suitable', yesNo(child.accommodation_suitable)],
            ['Education, employment or training', child.eet ? EET_WORDS[child.eet] : 'Not recorded'],
          ]
        : []),
    ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    periods: record.periods.map((p) => ({ ...p, current: current(p) })),
    placements: record.placements.map((p) => ({
      ...p,
      typeText: PLACEMENT_TYPES[p.placement_type] ?? p.placement_type,
      current: current(p),
    })),
    healthChecks: record.events.filter((e) => e.kind === 'health-check').map((e) => e.on_date),
    peps: record.events.filter((e) => e.kind === 'pep').map((e) => e.on_date),
  };
}
