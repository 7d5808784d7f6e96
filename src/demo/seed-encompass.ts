import { format, subDays, subYears } from 'date-fns';
import type { Services } from '../services.ts';
import { todayInLondon } from '../platform/calendar/london.ts';

const DEMO_LEAD = 'school.dsl@essex.example';
const SEED = { userId: null, label: 'Demonstration data' };

/**
 * Operation Encompass for `npm start` (issue 15): a police notification of domestic abuse from yesterday with three
 * children, two of school age at the demo lead's school (Meadowside Primary School in the demo schools list) and one
 * too young. Both are sent; the lead has recorded that one was received and the support the school gave. (The demo
 * requests' own domestic abuse notification, Lily Turner's, waits on the Hub's list for her school.)
 */
export async function seedDemoEncompass(services: Services, today = todayInLondon()): Promise<number> {
  const { encompass, police, reference, earlyHelp } = services;
  const lead = await earlyHelp.activeUserByEmail(DEMO_LEAD);
  const force = (await reference.organisations()).find((o) => o.code === 'essex-police');
  if (!lead || !force) return 0;
  const noon = new Date(`${today}T12:00:00Z`);
  const born = (years: number, days: number) => format(subDays(subYears(noon, years), days), 'yyyy-MM-dd');
  const item = (await police.schema()).parse({
    police_reference: '42/03310/26',
    incident_date: format(subDays(noon, 1), 'yyyy-MM-dd'),
    concern_category: 'domestic-abuse',
    summary: 'Officers called by a neighbour to shouting. The mother had a cut lip; the father was arrested.',
    district: 'chelmsford',
    officer: { name: 'PC Ben Ward', number: '5120' },
    children: [
      { first_name: 'Mia', last_name: 'Harris', date_of_birth: born(9, 40), gender: 'F' },
      { first_name: 'Oliver', last_name: 'Harris', date_of_birth: born(7, 100), gender: 'M' },
      { first_name: 'Leo', last_name: 'Harris', date_of_birth: born(2, 10), gender: 'M' },
    ],
    adults: [
      { first_name: 'Kelly', last_name: 'Harris', relationship: 'mother' },
      { first_name: 'Dean', last_name: 'Harris', relationship: 'father' },
    ],
  });
  const [received] = await police.receive(
    SEED,
    { organisationId: force.id, organisationName: force.name, apiClientId: null },
    [item],
  );
  if (received?.status !== 'created') return 0;
  const about = await encompass.aboutRequest(received.requestId);
  const [mia, oliver] = about?.notifications ?? [];
  if (!mia || !oliver) return 0;
  for (const n of [mia, oliver]) await encompass.chooseSchool(SEED, n.id, 1, '990001');
  await encompass.sendDue();
  const actor = { userId: lead.id, label: DEMO_LEAD };
  await encompass.acknowledge(actor, mia.id, 2);
  await encompass.recordSupport(actor, mia.id, 3, {
    kinds: ['key-adult', 'quiet-space'],
    details: 'Her class teacher met Mia at the gate and checked in at lunchtime; she knows she can use the library.',
  });
  return 2;
}
