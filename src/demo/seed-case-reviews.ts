import { format, subDays, subMonths } from 'date-fns';
import type { Services } from '../services.ts';
import { todayInLondon } from '../platform/calendar/london.ts';

const MANAGER = 'board.manager@essex.example';
const PARTNERS = {
  council: 'partner.council@essex.example',
  police: 'partner.police@essex.example',
  health: 'partner.health@essex.example',
};
const AGENCY_LEAD = 'agency.lead@essex.example';

/**
 * Case reviews for `npm start` (issue 16): four referrals at different stages. One waits for the police's and health's
 * triage; one waits for its Rapid Review; one became a local review, now at its draft report after a delay, with
 * themes, recommendations and learning actions (EPUT's overdue, the police's evidence to check, the council's
 * accepted); one had a Rapid Review and no local review. Every name is made up.
 */
export async function seedDemoCaseReviews(services: Services, today = todayInLondon()): Promise<number> {
  const { caseReviews, earlyHelp, reference } = services;
  const user = async (email: string) => {
    const found = await earlyHelp.activeUserByEmail(email);
    return found ? { principal: found, actor: { userId: found.id, label: email } } : null;
  };
  const manager = await user(MANAGER);
  const council = await user(PARTNERS.council);
  const police = await user(PARTNERS.police);
  const health = await user(PARTNERS.health);
  const lead = await user(AGENCY_LEAD);
  if (!manager || !council || !police || !health || !lead) return 0;
  if ((await caseReviews.referralCount()) > 0) return 0;
  const noon = new Date(`${today}T12:00:00Z`);
  const day = (d: Date) => format(d, 'yyyy-MM-dd');
  const orgs = await reference.organisations();
  const org = (code: string) => orgs.find((o) => o.code === code)?.id ?? null;
  const refer = (input: {
    first: string;
    last: string;
    born: string | null;
    on: string;
    referrer: string;
    from: string;
    criteria: string[];
    summary: string;
  }) =>
    caseReviews.referrals.refer(manager.actor, manager.principal, {
      firstName: input.first,
      lastName: input.last,
      dateOfBirth: input.born,
      referrerName: input.referrer,
      referrerOrganisationId: org(input.from),
      referredOn: input.on,
      criteria: input.criteria,
      summary: input.summary,
    });
  const triage = (who: NonNullable<typeof council>, id: string, meets: boolean, reason: string) =>
    caseReviews.referrals.triage(who.actor, who.principal, id, { meetsCriteria: meets, reason });

  // 1. Waiting for the police's and health's triage.
  const waiting = await refer({
    first: 'Jayden',
    last: 'Price',
    born: day(subMonths(noon, 7)),
    on: day(subDays(noon, 3)),
    referrer: 'Sam Whitaker, Paediatric Registrar',
    from: 'nhs-mid-and-south-essex-icb',
    criteria: ['child-seriously-harmed'],
    summary:
      'A seven-month-old brought to A&E with a fractured femur and bruising; the explanation did not fit the injury.',
  });
  await triage(council, waiting, true, 'Serious harm with suspected abuse; the family was known to early help.');

  // 2. Triaged by all three: the Rapid Review is due.
  const rapid = await refer({
    first: 'Ellie-Mae',
    last: 'Carter',
    born: day(subMonths(noon, 15 * 12)),
    on: day(subDays(noon, 10)),
    referrer: 'DI Laura Benton',
    from: 'essex-police',
    criteria: ['child-seriously-harmed', 'working-together-concerns'],
    summary: 'A fifteen-year-old exploited through county lines was seriously assaulted; several agencies knew her.',
  });
  await triage(council, rapid, true, 'Known to MACE; information was not shared between the school and the police.');
  await triage(police, rapid, true, 'Meets the criteria: serious harm, suspected exploitation.');
  await triage(health, rapid, false, 'Health had no recent contact; we defer to the partners on the learning.');

  // 3. A local review at its draft report, with its learning actions.
  const local = await refer({
    first: 'Noah',
    last: 'Bennett',
    born: day(subMonths(noon, 30)),
    on: day(subMonths(noon, 9)),
    referrer: 'Claire Ashdown, Service Manager',
    from: 'essex-county-council',
    criteria: ['child-died', 'improvements-needed', 'recurrent-themes'],
    summary:
      'A two-year-old died at home; neglect was suspected. The mother’s mental health was known to adult services.',
  });
  for (const [who, reason] of [
    [council, 'A child has died and neglect is suspected.'],
    [police, 'Criminal investigation opened; meets the criteria.'],
    [health, 'Health visiting missed contacts: learning for health.'],
  ] as const)
    await triage(who, local, true, reason);
  const referral = await caseReviews.referral(local);
  const referredOn = referral!.referred_on;
  const after = (days: number) => day(subDays(new Date(`${referredOn}T12:00:00Z`), -days));
  await caseReviews.referrals.rapidReview(manager.actor, manager.principal, local, {
    heldOn: after(12),
    localReview: true,
    panelNotifiedOn: after(4),
    reason:
      'Think Family was not applied: the mother’s mental health was known to adult services but not to those working with Noah.',
  });
  await caseReviews.local.start(manager.actor, manager.principal, local, {
    method: 'systems-review',
    reviewer: 'Independent reviewer: Dr Ruth Ellison',
    startedOn: after(30),
  });
  let version = 1;
  for (const [stage, offset] of [
    ['agency-information', 60],
    ['practitioner-event', 95],
    ['family-involvement', 150],
    ['draft-report', 200],
  ] as const) {
    await caseReviews.local.moveStage(manager.actor, manager.principal, local, {
      stage,
      reachedOn: after(offset),
      version,
    });
    version++;
  }
  await caseReviews.local.addDelay(manager.actor, manager.principal, local, {
    reason: 'criminal-proceedings',
    details: 'The family could not be spoken to until the criminal trial ended.',
    fromOn: after(100),
    untilOn: after(145),
  });
  await caseReviews.local.setThemes(manager.actor, manager.principal, local, {
    themes: ['think-family', 'information-sharing', 'assessment-of-risk'],
    version,
  });
  for (const text of [
    'Adult mental health services ask about the children of every parent they see and share concerns with children’s services.',
    'Health visitors escalate two missed contacts in a row to their safeguarding lead.',
  ])
    await caseReviews.local.addRecommendation(manager.actor, manager.principal, local, text);
  const cspr = await caseReviews.localReview(local);
  const [rec1, rec2] = cspr ? await caseReviews.recommendations(cspr.id) : [];
  const action = (organisation: string, owner: string, text: string, due: string, recommendationId: string | null) =>
    caseReviews.learning.add(manager.actor, manager.principal, local, {
      organisationId: org(organisation)!,
      recommendationId,
      owner,
      action: text,
      dueOn: due,
    });
  await action(
    'eput',
    'Head of Adult Community Mental Health',
    'Add the “Think Family” questions to every adult mental health assessment and audit their use after three months.',
    day(subDays(noon, 20)),
    rec1?.id ?? null,
  );
  const policeAction = await action(
    'essex-police',
    'Detective Superintendent, Public Protection',
    'Share every domestic incident involving a parent with a known mental health need with the Children and Families Hub.',
    day(subDays(noon, -30)),
    rec1?.id ?? null,
  );
  const councilAction = await action(
    'essex-county-council',
    'Head of Early Help',
    'Brief all early help workers on escalating missed health contacts, and check it in supervision.',
    day(subDays(noon, 40)),
    rec2?.id ?? null,
  );
  await caseReviews.learning.evidence(police.actor, police.principal, policeAction!, {
    evidence:
      'Since June every such incident goes to the Hub the same day: 212 of 214 in the last quarter (audit attached to the Hub report).',
    version: 1,
  });
  await caseReviews.learning.evidence(council.actor, council.principal, councilAction!, {
    evidence:
      'Supervision audit of 40 cases: missed contacts escalated in 37; workers describe the change in the practice survey.',
    version: 1,
  });
  await caseReviews.learning.check(manager.actor, manager.principal, councilAction!, {
    decision: 'accept',
    note: 'Accepted by the multi-agency steering group.',
    version: 2,
  });

  // 4. A Rapid Review without a local review: the learning goes straight to an agency.
  const noLocal = await refer({
    first: 'Amelia',
    last: 'Hughes',
    born: day(subMonths(noon, 11 * 12)),
    on: day(subMonths(noon, 3)),
    referrer: 'Helen Marsh, Board Manager',
    from: 'essex-county-council',
    criteria: ['child-seriously-harmed'],
    summary: 'An eleven-year-old took an overdose; she was waiting for an emotional wellbeing assessment.',
  });
  for (const who of [council, police, health])
    await triage(who, noLocal, true, 'Meets the criteria for a Rapid Review.');
  const noLocalReferral = await caseReviews.referral(noLocal);
  await caseReviews.referrals.rapidReview(manager.actor, manager.principal, noLocal, {
    heldOn: day(subDays(new Date(`${noLocalReferral!.referred_on}T12:00:00Z`), -18)),
    localReview: false,
    panelNotifiedOn: null,
    reason:
      'The learning is already known from a thematic review; a single action for the mental health service is enough.',
  });
  await caseReviews.learning.add(manager.actor, manager.principal, noLocal, {
    organisationId: org('eput')!,
    recommendationId: null,
    owner: 'Clinical Lead, EWMHS',
    action: 'Contact every young person waiting more than four weeks and review the risk each month.',
    dueOn: day(subDays(noon, -60)),
  });
  return 4;
}
