import type { FrontDoorOptions } from '../service.ts';

/**
 * The Supporting Families outcome areas in a parent's words. The tenant's own names (as the Hub
 * uses them) are shown to practitioners; a code not listed here falls back to that name.
 */
export const FAMILY_WORDS: Record<string, string> = {
  education: 'School, college or work',
  'early-years': 'How a baby or young child is growing and learning',
  health: 'Health, feelings or mental health',
  'substance-use': 'Drinking or drugs',
  relationships: 'Arguments or getting on at home',
  'abuse-and-exploitation': 'A child being harmed, or someone taking advantage of them',
  crime: 'Trouble with the police, or crime',
  'domestic-abuse': 'Someone at home hurting, frightening or controlling you',
  housing: 'Housing, or somewhere to live',
  'financial-stability': 'Money, debt or finding work',
};

export const familyAreas = (options: FrontDoorOptions) =>
  options.outcomeAreas.map((a) => ({ code: a.code, name: FAMILY_WORDS[a.code] ?? a.name }));
