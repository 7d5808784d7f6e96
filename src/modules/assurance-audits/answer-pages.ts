import type { FastifyReply } from 'fastify';
import type { FormErrors } from '../../platform/views/forms.ts';
import type { EpisodeSummary } from '../early-help/index.ts';
import { V, dayText, instantDay, radios } from './route-helpers.ts';
import { GRADES, RATINGS, type Standard } from './standards.ts';

/**
 * What the agency's answer pages share: the return's form (first sent, or corrected), the findings form, and the
 * changes each correction made, in words a reader of the page understands (a rating's name, not its code).
 */
type Values = Record<string, unknown>;

export function returnForm(
  reply: FastifyReply,
  page: {
    cycle: { id: string; title: string; due_on: string; status: string };
    standards: readonly Standard[];
    values: Values;
    errors?: FormErrors | undefined;
    /** A correction: the return's id and the version the form is drawn from. */
    correcting?: { returnId: string; version: number };
  },
) {
  const { cycle, standards, values, errors, correcting } = page;
  return reply.render(
    `${V}/return.njk`,
    {
      pageTitle: `${correcting ? 'Correct your return' : 'Your return'}: ${cycle.title}`,
      cycle: { ...cycle, due: dayText(cycle.due_on) },
      standards: standards.map((s) => ({ ...s, items: radios(RATINGS, values[`rating-${s.code}`]) })),
      formAction: correcting
        ? `/audits/cycles/${cycle.id}/returns/${correcting.returnId}/correct`
        : `/audits/cycles/${cycle.id}/return`,
      correcting,
      values,
      errors,
    },
    errors ? 400 : 200,
  );
}

export function findingsForm(
  reply: FastifyReply,
  page: {
    audit: { id: string; theme: string };
    cases: readonly { id: string; position: number; facts?: EpisodeSummary | undefined }[];
    values: Values;
    errors?: FormErrors | undefined;
    correcting?: { findingsId: string; version: number };
    /** The sampled families' names: only for the audit's auditors while it is open. */
    names: boolean;
  },
) {
  const { audit, cases, values, errors, correcting, names } = page;
  return reply.render(
    `${V}/findings.njk`,
    {
      pageTitle: `${correcting ? 'Correct your agency’s findings' : 'Your agency’s findings'}: ${audit.theme}`,
      audit,
      cases: cases.map((k) => ({
        id: k.id,
        position: k.position,
        familyName: names ? k.facts?.familyName : undefined,
        level: k.facts?.level,
        closed: instantDay(k.facts?.closedAt),
        items: radios(GRADES, values[`grade-${k.id}`]),
      })),
      formAction: correcting
        ? `/audits/case-audits/${audit.id}/findings/${correcting.findingsId}/correct`
        : `/audits/case-audits/${audit.id}/findings`,
      correcting,
      values,
      errors,
    },
    errors ? 400 : 200,
  );
}

const when = (d: Date) =>
  d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
const named = (labels: Readonly<Record<string, string>>, value: string) =>
  value === '' ? 'Not given' : (labels[value] ?? value);

/** The changes grouped by correction (version), latest first: who and when, then each field's old and new value. */
export function correctionsShown<T extends { version: number; changed_at: Date; changed_by: string | null }>(
  rows: readonly T[],
  describe: (row: T) => { what: string; was: string; now: string },
) {
  const byVersion = new Map<number, T[]>();
  for (const row of rows) byVersion.set(row.version, [...(byVersion.get(row.version) ?? []), row]);
  return [...byVersion.values()].map((changes) => ({
    version: changes[0]!.version,
    when: when(changes[0]!.changed_at),
    by: changes[0]!.changed_by ?? 'Unknown user',
    changes: changes.map(describe),
  }));
}

const FIELD_NAMES = { rating: 'rating', evidence: 'evidence', actions: 'actions' } as const;
export const returnChange =
  (standards: readonly Standard[]) =>
  (row: { standard_code: string; field: keyof typeof FIELD_NAMES; old_value: string; new_value: string }) => {
    const name = standards.find((s) => s.code === row.standard_code)?.name ?? row.standard_code;
    const shown = (v: string) => (row.field === 'rating' ? named(RATINGS, v) : v || 'None given');
    return { what: `${name}: ${FIELD_NAMES[row.field]}`, was: shown(row.old_value), now: shown(row.new_value) };
  };

export const findingsChange = (row: {
  field: 'summary' | 'grade';
  position: number | null;
  old_value: string;
  new_value: string;
}) =>
  row.field === 'grade'
    ? {
        what: `Case ${row.position ?? '?'}: grade`,
        was: named(GRADES, row.old_value),
        now: named(GRADES, row.new_value),
      }
    : { what: 'Overview of findings', was: row.old_value, now: row.new_value };
