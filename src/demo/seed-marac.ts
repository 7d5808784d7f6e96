import { subDays, subMonths } from 'date-fns';
import type { Services } from '../services.ts';
import { seedDemoMaracMeetings } from './seed-marac-meetings.ts';

const DEMO_REFERRER = 'police@essex.example';

/** The three boxes of a date input, from 'YYYY-MM-DD'. */
const boxes = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
};
const ticks = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

/**
 * A few MARAC cases for `npm start` (issue 15), referred by the demo police officer through the service as the form
 * would: a victim in a refuge with two children (checklist ticked), a case on professional judgement, an escalation by
 * police call-outs, and a repeat referral of the first victim; then their research, meetings and safety action plans
 * (seed-marac-meetings.ts). Every name is made up.
 */
export async function seedDemoMarac(services: Services, now = new Date()): Promise<number> {
  const { maracCases: cases, earlyHelp } = services;
  const referrer = await earlyHelp.activeUserByEmail(DEMO_REFERRER);
  if (!referrer || (await cases.anyCases())) return 0;
  const actor = { userId: referrer.id, label: DEMO_REFERRER };
  const base = {
    victimGender: 'female',
    referringAgency: 'police',
    harm1Gender: 'male',
  };
  const referrals: { body: Record<string, unknown>; at: Date }[] = [
    {
      at: subMonths(now, 5),
      body: {
        ...base,
        victimFirstName: 'Shannon',
        victimLastName: 'Whitlock',
        ...boxes('victimDateOfBirth', '1992-07-14'),
        victimAddress: 'Refuge (address held by the IDVA service)',
        victimRefuge: 'yes',
        child1FirstName: 'Kai',
        child1LastName: 'Whitlock',
        ...boxes('child1DateOfBirth', '2016-02-03'),
        child1Relationship: 'son',
        child1School: 'Tendring Primary',
        child2FirstName: 'Maisie',
        child2LastName: 'Whitlock',
        ...boxes('child2DateOfBirth', '2019-10-21'),
        child2Relationship: 'daughter',
        harm1FirstName: 'Craig',
        harm1LastName: 'Beddow',
        harm1Relationship: 'ex-partner',
        district: 'tendring',
        summary: 'Serious assault after separation; threats to kill; the victim and children moved to a refuge.',
        ticked: ticks(17),
        policeCallouts: '2',
      },
    },
    {
      at: subDays(now, 20),
      body: {
        ...base,
        victimFirstName: 'Priya',
        victimLastName: 'Raman',
        ...boxes('victimDateOfBirth', '1987-03-30'),
        victimAddress: '14 Moulsham Street, Chelmsford',
        victimPostcode: 'CM2 0HX',
        child1FirstName: 'Arjun',
        child1LastName: 'Raman',
        ...boxes('child1DateOfBirth', '2013-05-09'),
        child1Relationship: 'son',
        child1School: 'Chelmsford County High',
        harm1FirstName: 'Vikram',
        harm1LastName: 'Raman',
        harm1Relationship: 'husband',
        district: 'chelmsford',
        summary: 'Coercive control and isolation; the score is below 14 but the officer is worried about stalking.',
        typedScore: '11',
        judgement: 'yes',
        judgementReason: 'Stalking after a disclosure to a friend; the victim is frightened to go home.',
      },
    },
    {
      at: subDays(now, 6),
      body: {
        ...base,
        victimFirstName: 'Leanne',
        victimLastName: 'Cotter',
        ...boxes('victimDateOfBirth', '1995-12-02'),
        victimAddress: '3 Ash Grove, Basildon',
        victimPostcode: 'SS14 1AA',
        harm1FirstName: 'Jordan',
        harm1LastName: 'Pike',
        harm1Relationship: 'partner',
        district: 'basildon',
        summary: 'Fourth call-out this year; the victim declined the risk checklist.',
        policeCallouts: '4',
      },
    },
    {
      at: subDays(now, 2),
      body: {
        ...base,
        victimFirstName: 'Shannon',
        victimLastName: 'Whitlock',
        ...boxes('victimDateOfBirth', '1992-07-14'),
        victimAddress: 'Refuge (address held by the IDVA service)',
        victimRefuge: 'yes',
        child1FirstName: 'Kai',
        child1LastName: 'Whitlock',
        ...boxes('child1DateOfBirth', '2016-02-03'),
        child1Relationship: 'son',
        harm1FirstName: 'Craig',
        harm1LastName: 'Beddow',
        harm1Relationship: 'ex-partner',
        district: 'tendring',
        summary: 'Breach of a non-molestation order outside the children’s school: a repeat referral.',
        ticked: ticks(15),
      },
    },
  ];
  const made: string[] = [];
  for (const { body, at } of referrals) {
    const form = await cases.parseReferral(body);
    if (!form.ok) throw new Error(`demo MARAC referral refused: ${form.errors.list[0]?.text}`);
    const none = { 'match-victim': 'none', 'match-child1': 'none', 'match-child2': 'none', 'match-harm1': 'none' };
    const result = await cases.refer(actor, referrer, form.data, none, at);
    if ('created' in result) made.push(result.created);
  }
  // Their research, meetings and safety action plans (seed-marac-meetings.ts).
  if (made.length === referrals.length) await seedDemoMaracMeetings(services, made, now);
  return made.length;
}
