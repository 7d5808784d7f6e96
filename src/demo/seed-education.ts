import { format, subMonths, subYears } from 'date-fns';
import type { Services } from '../services.ts';
import { todayInLondon } from '../platform/calendar/london.ts';

const DEMO_OFFICER = 'education.compliance@essex.example';

/**
 * A few Education Compliance cases for `npm start` (issue 15), opened by the demo Education Compliance officer through
 * the service, as the forms would: a child missing education with an enquiry and a School Attendance Order notice, one
 * reported by another council, and two home-educated children (one registered from a school de-registration).
 */
export async function seedDemoEducation(services: Services, today = todayInLondon()): Promise<number> {
  const { educationCompliance: education, earlyHelp } = services;
  const officer = await earlyHelp.activeUserByEmail(DEMO_OFFICER);
  if (!officer || (await education.anyCases())) return 0;
  const actor = { userId: officer.id, label: DEMO_OFFICER };
  const day = (monthsAgo: number) => format(subMonths(new Date(`${today}T12:00:00Z`), monthsAgo), 'yyyy-MM-dd');
  const born = (years: number) => format(subYears(new Date(`${today}T12:00:00Z`), years), 'yyyy-MM-dd');
  const cases = [
    {
      kind: 'cme',
      first: 'Jayden',
      last: 'Okafor',
      dob: born(11),
      district: 'basildon',
      source: 'school-deregistration',
      school: 'Basildon Lower Academy',
      months: 3,
    },
    {
      kind: 'cme',
      first: 'Mia',
      last: 'Kowalski',
      dob: born(8),
      district: 'colchester',
      source: 'another-council',
      school: '',
      months: 1,
    },
    {
      kind: 'ehe',
      first: 'Ruby',
      last: 'Ashworth',
      dob: born(13),
      district: 'chelmsford',
      source: 'school-deregistration',
      school: 'Chelmsford County High',
      months: 2,
    },
    {
      kind: 'ehe',
      first: 'Leo',
      last: 'Fairweather',
      dob: born(6),
      district: 'harlow',
      source: 'family',
      school: '',
      months: 5,
    },
  ] as const;
  let made = 0;
  for (const c of cases) {
    const result = await education.create(actor, {
      kind: c.kind,
      firstName: c.first,
      lastName: c.last,
      'dateOfBirth-day': c.dob,
      district: c.district,
      source: c.source,
      'reportedOn-day': day(c.months),
      school: c.school,
      details: 'Demonstration case (src/demo/seed-education.ts).',
      personId: 'new',
    });
    if (!('created' in result)) continue;
    made++;
    if (c.first === 'Jayden') {
      await education.addEvent(actor, result.created, {
        source: 'home-visit',
        'on-day': day(2),
        details: 'Visited the last known address: the family still live there; no school place applied for.',
      });
      await education.recordSao(actor, result.created, { stage: 'notice', 'on-day': day(1), version: 1 });
    }
  }
  return made;
}
