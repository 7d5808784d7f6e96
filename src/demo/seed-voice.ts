import { addDays, format, subDays } from 'date-fns';
import type { Principal } from '../platform/permissions/policy.ts';
import type { Services } from '../services.ts';

const OFFICER = 'corporate.parenting@essex.example';

/** A small deterministic generator, so every demo start shows the same results. */
function ratings(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/**
 * The voice of children in care for `npm start` (issue 16; never in production), entered by the demo corporate
 * parenting officer through the service as the pages would: last year's Have Your Say round (imported) and this
 * year's, the Pledge and Charter Checker, Children in Care Council meetings (one short of four so far this year, so
 * the flag shows), and two versions of the Pledge with one of the Care Leavers Charter. No names: there are none to give.
 */
export async function seedDemoVoice(services: Services, now = new Date()): Promise<number> {
  const { voice, earlyHelp } = services;
  const officer = await earlyHelp.activeUserByEmail(OFFICER);
  if (!officer || (await voice.surveys.rounds()).length) return 0;
  const actor = { userId: officer.id, label: OFFICER };
  const user: Principal = {
    id: officer.id,
    organisationId: officer.organisationId,
    roles: ['corporate-parenting-officer'],
    teamIds: [],
  };
  const day = (d: Date) => format(d, 'yyyy-MM-dd');
  const today = day(now);
  const y = now.getFullYear();
  const groups = voice.settings.ageGroups.map((g) => g.code);

  async function round(survey: string, year: number, opensOn: string, closesOn: string, count: number, seed: number) {
    const id = await voice.surveys.addRound(actor, user, survey, { year, opensOn, closesOn });
    const questions = (await voice.surveys.questions((await voice.surveys.round(id))!.survey_id)).map((q) => q.code);
    const last = closesOn < today ? closesOn : today;
    if (opensOn > last || count === 0) return id;
    const random = ratings(seed);
    const span = Math.max(1, (Date.parse(last) - Date.parse(opensOn)) / 86_400_000);
    const rows = Array.from({ length: count }, () => {
      const on = day(addDays(new Date(`${opensOn}T12:00:00Z`), Math.floor(random() * span)));
      const group = groups[Math.floor(random() * groups.length)]!;
      const answers = questions.map(() => (random() < 0.08 ? '' : String(Math.min(5, 2 + Math.floor(random() * 4)))));
      return [on, group, ...answers].join(',');
    });
    await voice.surveys.importCsv(actor, user, id, [['date', 'age_group', ...questions].join(','), ...rows].join('\n'));
    return id;
  }
  await round('have-your-say', y - 1, `${y - 1}-10-01`, `${y - 1}-11-30`, 64, 7);
  await round('have-your-say', y, `${y}-10-01`, `${y}-12-31`, 23, 11);
  await round('pledge-checker', y, `${y}-09-01`, `${y}-11-30`, 31, 13);

  const meeting = (daysAgo: number, title: string, decisionMakers: string[], raised: string, agreed: string) =>
    voice.meetings.add(actor, user, {
      heldOn: day(subDays(now, daysAgo)),
      title,
      decisionMakers,
      youngPeople: 5 + (daysAgo % 4),
      raised,
      agreed,
      followUp: '',
    });
  await meeting(
    400,
    'Corporate Parenting Panel, themed: Home',
    ['panel-member', 'cabinet-member'],
    'Brothers and sisters placed apart want to see each other more often.',
    'A sibling contact review in every Life Plan.',
  );
  await meeting(
    330,
    'Directors of Local Delivery',
    ['director-local-delivery'],
    'Leisure passes differ from one district to another.',
    'Map the support for care leavers under each council.',
  );
  await meeting(
    290,
    'Partnership Board',
    ['partnership-board', 'partner-agency'],
    'Waiting times for emotional wellbeing support.',
    'Health partners to report waiting times to the Panel.',
  );
  await meeting(
    250,
    'Corporate Parenting Panel, themed: Health',
    ['panel-member'],
    'Health passports arrive late.',
    'Give every care leaver their passport before they turn 18.',
  );
  await meeting(
    150,
    'Corporate Parenting Panel, themed: Learning',
    ['panel-member', 'service-manager'],
    'Work experience in public services.',
    'Offer placements with police, health and the council.',
  );
  await meeting(
    60,
    'Directors of Local Delivery',
    ['director-local-delivery', 'service-manager'],
    'Housing for care leavers at 18.',
    'A joint protocol with the district councils.',
  );
  await meeting(
    12,
    'Corporate Parenting Panel, themed: Self',
    ['panel-member', 'cabinet-member'],
    'A welcome pack for young people of different backgrounds.',
    'The Involvement Service to draft it with the CiCC.',
  );

  const pledge = [
    'We will help you stay in touch with the people who matter to you.',
    'We will listen to you and tell you what happens with what you say.',
    'We will make sure you have a health check every year.',
    'We will help you do your best at school and college.',
    'We will help you get ready to live on your own.',
  ];
  await voice.promises.add(actor, user, {
    document: 'pledge',
    year: y - 1,
    agreedOn: `${y - 1}-06-15`,
    agreedBy: 'Children in Care Council and the Corporate Parenting Panel',
    promises: pledge,
    whatChanged: 'The first Pledge written around the five priorities.',
  });
  if (`${y}-06-15` <= today)
    await voice.promises.add(actor, user, {
      document: 'pledge',
      year: y,
      agreedOn: `${y}-06-15`,
      agreedBy: 'Children in Care Council and the Corporate Parenting Panel',
      promises: [
        ...pledge.slice(0, 4),
        'We will help you get ready to live on your own, and stay your Co-Parents after.',
        'We will celebrate who you are.',
      ],
      whatChanged:
        'Young people asked for a promise about identity and pride, and for the last promise to go on after 18.',
    });
  await voice.promises.add(actor, user, {
    document: 'care-leavers-charter',
    year: y - 1,
    agreedOn: `${y - 1}-07-01`,
    agreedBy: 'Care leavers of the Children in Care Council',
    promises: [
      'We will help you find a safe and suitable home.',
      'We will help you into education, employment or training.',
      'Your Personal Adviser will stay in touch until you are 25 if you want.',
    ],
    whatChanged: '',
  });
  return 3;
}
