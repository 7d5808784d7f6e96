import type { Services } from '../app.ts';
import { newId } from '../platform/db/ids.ts';
import { londonDay } from '../platform/calendar/london.ts';
import {
  type PersonEntry,
  type PractitionerAnswers,
  levelSchema,
  notificationSchema,
  strengthsSchema,
  worriesSchema,
  worryField,
} from '../modules/front-door/index.ts';

/**
 * A few invented Requests for Support, a police notification and some existing person records, so
 * the Hub queue has work in it when someone tries Hearth (npm start). Added only to an empty queue,
 * through the same services the pages use. Every name and detail here is made up.
 */

const SEED = { userId: null, label: 'Demonstration data' };

const child = (
  firstName: string,
  lastName: string,
  dateOfBirth: string,
  postcode: string,
  address: string,
  school: string,
): PersonEntry => ({
  id: newId(),
  role: 'child',
  relationship: 'child',
  firstName,
  lastName,
  dateOfBirth,
  isExpected: false,
  gender: '',
  address,
  postcode,
  school,
  gp: '',
  language: 'English',
  interpreterNeeded: false,
  hasSend: false,
  sendDetails: '',
});

const parent = (firstName: string, lastName: string, relationship: string): PersonEntry => ({
  ...child(firstName, lastName, '1988-03-12', '', '', ''),
  role: 'parent-carer',
  relationship,
});

const REQUESTS: (PractitionerAnswers & { from: string })[] = [
  {
    from: 'teacher@essex.example',
    people: [
      child('Kaden', 'Smith', '2016-04-05', 'CM20 1AA', '12 Mill Lane, Harlow', 'Harlow Primary'),
      parent('Leanne', 'Smith', 'mother'),
    ],
    district: 'harlow',
    worries: [
      { area: 'education', details: 'Kaden has missed 14 Mondays this term and is often late.' },
      { area: 'relationships', details: 'Mum says there are arguments at home since her partner moved in.' },
    ],
    strengths: 'Mum comes to every meeting and wants help. Kaden loves football.',
    tried: { text: 'Two attendance meetings; school nurse has seen mum.', earlyHelpPlan: false, taf: false },
    level: { level: 2, reasons: 'Needs are growing and more than one agency is involved.' },
    consent: { request: true, sharing: true, reason: '' },
  },
  {
    from: 'teacher@essex.example',
    people: [child('Amara', 'Okoro', '2013-09-14', 'CM1 1QH', '4 Church Street, Chelmsford', 'Chelmsford Academy')],
    district: 'chelmsford',
    worries: [
      { area: 'health', details: 'Amara is very withdrawn and has told a teacher she does not want to go home.' },
    ],
    strengths: 'Close to her gran, who lives nearby.',
    tried: { text: 'Pastoral support in school since September.', earlyHelpPlan: true, taf: false },
    level: { level: 3, reasons: 'Several needs; the school cannot meet them alone.' },
    consent: { request: true, sharing: true, reason: '' },
  },
];

/**
 * The demo requests read through the same schemas as the request form's pages, with the tenant's outcome areas
 * and levels, so demo data cannot name an outcome area that does not exist (issue 11, item 8): a mistake stops
 * start-up with the request and the field, instead of a 500 later when someone takes the work on.
 */
export async function checkDemoRequests(
  reference: Services['reference'],
  requests: readonly PractitionerAnswers[] = REQUESTS,
): Promise<void> {
  const areas = await reference.outcomeAreas();
  const levels = (await reference.windscreenLevels()).map((l) => l.level);
  requests.forEach((answers, index) => {
    const checks = [
      worriesSchema(areas, 'practitioner').safeParse({
        areas: (answers.worries ?? []).map((w) => w.area),
        ...Object.fromEntries(areas.map((a) => [worryField(a.code), ''])),
        ...Object.fromEntries((answers.worries ?? []).map((w) => [worryField(w.area), w.details])),
      }),
      strengthsSchema.safeParse({ strengths: answers.strengths ?? '' }),
      levelSchema(levels).safeParse({
        level: String(answers.level?.level ?? ''),
        levelReasons: answers.level?.reasons ?? '',
      }),
    ];
    for (const check of checks)
      if (!check.success)
        throw new Error(
          `Demo request ${index + 1} (src/demo/seed-requests.ts): ${check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
  });
}

export async function seedDemoRequests(services: Services): Promise<number> {
  const { frontDoor, users, people, police, reference } = services;
  await checkDemoRequests(reference);
  if ((await frontDoor.listRequests({ limit: 1 })).total > 0) return 0;
  // Earlier records of the children, so screening has candidates to find.
  await people.createPerson(SEED, {
    firstName: 'Kayden',
    lastName: 'Smith',
    dateOfBirth: '2016-05-04',
    postcode: 'CM20 1AA',
    address: '12 Mill Lane, Harlow',
  });
  await people.createPerson(SEED, {
    firstName: 'Amara',
    lastName: 'Okoro',
    dateOfBirth: '2013-09-14',
    postcode: 'CM2 0AB',
  });
  let added = 0;
  for (const { from, ...answers } of REQUESTS) {
    const found = (await users.search(from, 1)).rows[0];
    const user = found && (await users.view(SEED, found.id));
    if (!user) continue;
    const draftId = await frontDoor.startDraft(SEED, user.id);
    await frontDoor.saveDraft(user.id, draftId, 1, () => answers);
    if (
      await frontDoor.submitPractitionerRequest(
        SEED,
        { userId: user.id, organisationId: user.organisation_id, name: user.display_name },
        draftId,
      )
    )
      added += 1;
  }
  const force = (await reference.organisations()).find((o) => o.code === 'essex-police');
  if (force) {
    // Read through the same schema as the API, so the demo notification is exactly what a force would send.
    const notification = notificationSchema(await reference.districts()).parse({
      police_reference: '42/01873/26',
      incident_date: new Date().toISOString().slice(0, 10),
      concern_category: 'domestic-abuse',
      summary:
        'Officers called to a verbal argument between the parents. Two children were upstairs and were not hurt.',
      district: 'basildon',
      officer: { name: 'PC Amy Clarke', number: '4417' },
      children: [
        {
          first_name: 'Lily',
          last_name: 'Turner',
          date_of_birth: '2017-02-14',
          gender: 'F',
          address: '9 Elm Road, Basildon',
          postcode: 'SS14 1AA',
        },
      ],
      adults: [{ first_name: 'Sarah', last_name: 'Turner', relationship: 'mother' }],
    });
    const sender = { organisationId: force.id, organisationName: force.name, apiClientId: null };
    const received = await police.receive(SEED, sender, [notification]);
    added += received.filter((r) => r.status === 'created').length;
    // Two missing children, reported two days ago and back yesterday (issue 13): a 14-year-old whose Missing Chat
    // is due, and a 7-year-old's episode for the Missing Co-ordinator's scrutiny. A report, then the return.
    const day = (daysAgo: number) => londonDay(new Date(Date.now() - daysAgo * 86_400_000));
    const parse = notificationSchema(await reference.districts());
    for (const [ref, child, missingFrom] of [
      ['42/02211/26', { first_name: 'Jade', last_name: 'Morris', date_of_birth: '2012-06-02', gender: 'F' }, 'home'],
      ['42/02212/26', { first_name: 'Oscar', last_name: 'Hill', date_of_birth: '2019-01-20', gender: 'M' }, 'home'],
    ] as const) {
      const base = {
        incident_date: day(2),
        concern_category: 'missing',
        summary: 'Did not come home after school; found the next morning.',
        district: 'harlow',
        officer: { name: 'PC Amy Clarke', number: '4417' },
        children: [{ ...child, address: '3 Park Lane, Harlow', postcode: 'CM20 2AB' }],
      };
      const missing = {
        episode_reference: `MP/${ref}`,
        missing_from: missingFrom,
        reported_at: `${day(2)}T19:30`,
        reported_by: 'Mother',
        risk_grading: 'medium',
      };
      for (const item of [
        { ...base, police_reference: ref, missing: { ...missing, event: 'report' } },
        {
          ...base,
          police_reference: `${ref}R`,
          missing: {
            ...missing,
            event: 'return',
            returned_at: `${day(1)}T08:15`,
            returned_where: 'Found at a friend’s house in Harlow',
            returned_how: 'Police safe and well check',
          },
        },
      ]) {
        const done = await police.receive(SEED, sender, [parse.parse(item)]);
        added += done.filter((r) => r.status === 'created').length;
      }
    }
  }
  return added;
}
