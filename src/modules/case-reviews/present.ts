import { format } from 'date-fns';
import { londonDay } from '../../platform/calendar/london.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';
import type { Candidate, PersonSummary } from '../people/index.ts';
import { ACTION_STATUS_NAMES, PARTNERS, STAGES, STATUS_NAMES, isOverdue, stageIndex } from './rules.ts';
import type { CaseReviewService } from './service.ts';
import { nameOf, type CaseReviewSettings } from './settings.ts';

type View = NonNullable<Awaited<ReturnType<CaseReviewService['view']>>>;

/** A day as people in England read it: "3 March 2026". */
export const dayText = (day: string | null | undefined) =>
  day ? format(new Date(`${day}T12:00:00Z`), 'd MMMM yyyy') : '';

/** How the Rapid Review stands against its deadline, in working days. */
export function deadlineText(
  referral: { rapid_review_due_on: string; status: string },
  heldOn: string | null | undefined,
  today: string,
  calendar: WorkingCalendar,
) {
  const due = dayText(referral.rapid_review_due_on);
  if (heldOn)
    return heldOn <= referral.rapid_review_due_on
      ? { text: `Held ${dayText(heldOn)}, within 15 working days (due ${due})`, tag: 'green', late: false }
      : { text: `Held ${dayText(heldOn)}, after its deadline of ${due}`, tag: 'red', late: true };
  if (referral.status === 'not-progressed')
    return { text: `Not needed (would have been due ${due})`, tag: 'grey', late: false };
  if (today > referral.rapid_review_due_on) return { text: `Overdue: due ${due}`, tag: 'red', late: true };
  // Working days after today (18:00 UTC is after the close in England, summer or winter).
  const left = calendar.elapsedWorking(
    new Date(`${today}T18:00:00Z`),
    new Date(`${referral.rapid_review_due_on}T23:59:00Z`),
  );
  const days = Math.max(0, Math.round(left / calendar.dayMinutes));
  return {
    text: days ? `Due ${due} (${days} more working day${days === 1 ? '' : 's'})` : `Due today, ${due}`,
    tag: days <= 3 ? 'orange' : 'blue',
    late: false,
  };
}

export const actionRows = (actions: View['actions'], today: string) =>
  actions.map((a) => ({
    ...a,
    due: dayText(a.due_on),
    overdue: isOverdue(a, today),
    statusText: ACTION_STATUS_NAMES[a.status] ?? a.status,
  }));

/** A record of Hearth's as the Board manager reads it: "Riley Stevens, born 3 March 2023, CM1 1AA". */
export const personText = (p: PersonSummary | null | undefined) =>
  p
    ? [`${p.first_name} ${p.last_name}`, p.date_of_birth ? `born ${dayText(p.date_of_birth)}` : '', p.postcode ?? '']
        .filter(Boolean)
        .join(', ')
    : 'A record no longer in Hearth';

/** A candidate's radio: the name, and the hint as plain text (the macro escapes it once). */
export const candidateItem = (c: Candidate, checked: unknown) => ({
  value: c.id,
  text: `${c.person.firstName} ${c.person.lastName}`,
  hint: {
    text:
      `${c.person.dateOfBirth ? `Born ${dayText(c.person.dateOfBirth)}` : 'Date of birth not known'}` +
      `${c.person.postcode ? `, ${c.person.postcode}` : ''}. ${c.likely ? 'Likely' : 'Possible'} ` +
      `(${Math.round(c.score * 100)}%): ${c.reasons.join('; ')}`,
  },
  checked: checked === c.id,
  attributes: { 'data-qa': 'candidate' },
});

/** The history of who the child is in Hearth: how the referral began, then each change with its reason. */
export function linkHistory(view: Pick<View, 'referral' | 'links' | 'person'>) {
  const first = view.links[0];
  const atReferral = first ? first.previous : view.person;
  const matched = first ? first.previous_person_id : view.referral.person_id;
  return [
    {
      when: dayText(londonDay(view.referral.created_at)),
      change: matched
        ? `Matched to ${personText(atReferral)} when the referral was recorded`
        : 'Not matched when the referral was recorded',
      by: '',
      reason: '',
    },
    ...view.links.map((l) => ({
      when: dayText(londonDay(l.linked_at)),
      change: !l.person_id
        ? `Unlinked from ${personText(l.previous)}`
        : l.previous_person_id
          ? `Changed from ${personText(l.previous)} to ${personText(l.person)}`
          : `Linked to ${personText(l.person)}`,
      by: l.linked_by_name ?? '',
      reason: l.reason,
    })),
  ];
}

/** The referral page's model: names from the tenant's lists, the partners in order with their decisions. */
export function referralModel(view: View, settings: CaseReviewSettings, today: string, calendar: WorkingCalendar) {
  const { referral, triage, rapid, cspr, stages } = view;
  return {
    referral: {
      ...referral,
      referred: dayText(referral.referred_on),
      born: dayText(referral.child_date_of_birth),
      statusText: STATUS_NAMES[referral.status],
      criteriaNames: referral.criteria.map((c) => nameOf(settings.criteria, c)),
    },
    linkedTo: view.person ? personText(view.person) : null,
    linkHistory: linkHistory(view),
    deadline: deadlineText(referral, rapid?.held_on, today, calendar),
    partners: PARTNERS.map((p) => {
      const d = triage.find((t) => t.partner === p.code);
      return { ...p, decision: d ? { ...d, when: dayText(d.decided_at.toISOString().slice(0, 10)) } : null };
    }),
    rapid: rapid && { ...rapid, held: dayText(rapid.held_on), notified: dayText(rapid.panel_notified_on) },
    cspr: cspr && {
      ...cspr,
      started: dayText(cspr.started_on),
      methodName: nameOf(settings.methods, cspr.method),
      stageName: STAGES[stageIndex(cspr.stage)]?.name ?? cspr.stage,
      themeNames: cspr.themes.map((t) => nameOf(settings.themes, t)),
      published: dayText(cspr.published_on),
    },
    stages: STAGES.map((s) => {
      const reached = stages.find((r) => r.stage === s.code);
      return { ...s, reached: reached ? dayText(reached.reached_on) : null };
    }),
    delays: view.delays.map((d) => ({
      ...d,
      reasonName: nameOf(settings.delayReasons, d.reason),
      from: dayText(d.from_on),
      until: d.until_on ? dayText(d.until_on) : 'Continuing',
    })),
    recommendations: view.recommendations,
    actions: actionRows(view.actions, today),
  };
}
