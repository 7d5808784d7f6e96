import { z } from 'zod';

/**
 * Education Compliance (issue 15; seed 004): where reports of a child missing education come from, where concerns
 * about a home-educated child come from, and whom a whereabouts enquiry asks. Seed 004 names the sources of concerns
 * ("schools (at the point of de-registration), health colleagues, members of the public, other local authorities,
 * family members, Youth Offending Team"); the enquiry list is Hearth's suggestion for Essex to confirm.
 */
const item = z.object({ code: z.string().regex(/^[a-z0-9-]+$/), name: z.string().min(1).max(200) });
const list = (defaults: { code: string; name: string }[]) => z.array(item).min(1).max(50).default(defaults);

const SOURCES = [
  { code: 'school-deregistration', name: 'A school, at de-registration' },
  { code: 'another-council', name: 'Another local authority' },
  { code: 'health', name: 'Health' },
  { code: 'public', name: 'A member of the public' },
  { code: 'family', name: 'The family' },
];

export const educationSettingsSchema = z.object({
  /** Who reported the child missing education. */
  cmeSources: list(SOURCES),
  /** Who raised a concern about a home-educated child's education. */
  concernSources: list([...SOURCES, { code: 'youth-offending', name: 'Youth Offending Team' }]),
  /** Whom a whereabouts enquiry asked. */
  enquirySources: list([
    { code: 'school', name: 'The last school' },
    { code: 'health', name: 'Health (GP, school nursing, health visiting)' },
    { code: 'council-tax', name: 'Council tax and housing records' },
    { code: 'another-council', name: 'Another local authority' },
    { code: 'home-visit', name: 'A visit to the last known address' },
    { code: 'other', name: 'Another source' },
  ]),
  note: z.string().optional(),
});
export type EducationSettings = z.infer<typeof educationSettingsSchema>;
