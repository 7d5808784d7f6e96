import { addDays, format, subDays } from 'date-fns';
import { todayInLondon } from '../platform/calendar/london.ts';
import type { Services } from '../services.ts';

const MANAGER = 'board.manager@essex.example';
const AGENCY_LEAD = 'agency.lead@essex.example';
const PARTNER = 'teacher@essex.example';
const iso = (d: Date) => format(d, 'yyyy-MM-dd');

/** Made-up families a partner starts early help for and closes today: the cases a demo or test audit samples. */
export async function closedEarlyHelpEpisodes(services: Services, surnames: readonly string[]): Promise<string[]> {
  const { earlyHelp } = services;
  const partner = await earlyHelp.activeUserByEmail(PARTNER);
  if (!partner) return [];
  const actor = { userId: partner.id, label: PARTNER };
  const ids: string[] = [];
  for (const [i, surname] of surnames.entries()) {
    const { episodeId } = await earlyHelp.startByPartner(actor, partner, {
      familyName: `${surname} family`,
      districtCode: ['harlow', 'chelmsford', 'basildon', 'colchester'][i % 4]!,
      person: {
        details: {
          firstName: ['Ava', 'Noah', 'Isla', 'Leo', 'Ruby', 'Finn', 'Maya', 'Alfie'][i % 8]!,
          lastName: surname,
          dateOfBirth: `201${i % 9}-0${(i % 9) + 1}-1${i % 9}`,
        },
      },
      relationship: 'child',
    });
    const episode = await earlyHelp.episodeRow(episodeId);
    if (!episode) continue;
    await earlyHelp.close(actor, partner, episodeId, episode.version, { reason: 'needs-met', outcomes: {} });
    ids.push(episodeId);
  }
  return ids;
}

/**
 * The audits for `npm start` (issue 16): an open Section 11 audit with five agencies invited (EPUT, whose lead is the
 * demo agency.lead@, has yet to answer; two have), a Section 175 audit for the schools, and a thematic audit of
 * neglect sampling four closed early help episodes with the EPUT lead as an auditor. Every name is made up.
 */
export async function seedDemoAudits(services: Services, today = todayInLondon()): Promise<number> {
  const { assuranceAudits: audits, earlyHelp, reference } = services;
  const manager = await earlyHelp.activeUserByEmail(MANAGER);
  if (!manager || (await audits.cycles.list(manager)).length) return 0;
  const actor = { userId: manager.id, label: MANAGER };
  const day = new Date(`${today}T12:00:00Z`);
  const orgs = new Map((await reference.organisations()).map((o) => [o.code, o.id]));
  const s11 = await audits.cycles.create(actor, manager, {
    kind: 'section-11',
    title: `Section 11 audit ${day.getUTCFullYear()}`,
    opensOn: iso(subDays(day, 30)),
    dueOn: iso(addDays(day, 14)),
  });
  for (const code of ['eput', 'essex-police', 'essex-county-council', 'nhs-mid-and-south-essex-icb', 'ecvys'])
    if (orgs.get(code)) await audits.cycles.invite(actor, manager, s11, orgs.get(code)!);
  const standards = (await audits.standards()).standards['section-11'];
  for (const email of ['partner.police@essex.example', 'partner.council@essex.example']) {
    const lead = await earlyHelp.activeUserByEmail(email);
    if (!lead) continue;
    await audits.cycles.submit(
      { userId: lead.id, label: email },
      lead,
      s11,
      Object.fromEntries(
        standards.map((s, i) => [
          s.code,
          {
            rating: i % 4 === 3 ? 'partly-met' : 'met',
            evidence: 'Policy reviewed this year; audit of training records.',
            actions: i % 4 === 3 ? 'Refresh the escalation policy and brief managers.' : '',
          },
        ]),
      ),
    );
  }
  const s175 = await audits.cycles.create(actor, manager, {
    kind: 'section-175',
    title: `Section 175 audit ${day.getUTCFullYear()}`,
    opensOn: iso(subDays(day, 7)),
    dueOn: iso(addDays(day, 42)),
  });
  if (orgs.get('essex-schools')) await audits.cycles.invite(actor, manager, s175, orgs.get('essex-schools')!);

  await closedEarlyHelpEpisodes(services, ['Ashworth', 'Pemberton', 'Okonkwo', 'Lindqvist']);
  const audit = await audits.caseAudits.create(actor, manager, {
    kind: 'thematic',
    theme: 'Neglect',
    closedFrom: iso(subDays(day, 90)),
    closedTo: today,
    level: 2,
    sampleSize: 4,
  });
  await audits.caseAudits.addAuditor(actor, manager, audit, AGENCY_LEAD);
  await audits.caseAudits.addAuditor(actor, manager, audit, 'partner.police@essex.example');
  await audits.caseAudits.plan.addTheme(actor, manager, audit, {
    title: 'Think Family',
    detail: 'Adults’ needs were not always linked to the children’s experience of neglect.',
  });
  await audits.caseAudits.plan.addAction(actor, manager, audit, {
    action: 'Brief practitioners on the neglect toolkit',
    owner: 'Neglect Working Group',
    dueOn: iso(addDays(day, 60)),
  });
  return 3;
}
