import { sql } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { computedIndicator, dayIn, instantIn } from '../../platform/indicators/counting.ts';

/**
 * Issue 16's audit figures, counted from the audits' own tables: the quality of practice (case audit grades) and
 * Section 11 returns made on time. Counts only, never a family's name.
 */
const agency = sql`(select o.name from organisations o where o.id = f.organisation_id)`;

export const qualityOfPractice = computedIndicator({
  key: 'audits.quality-of-practice',
  version: 1,
  name: 'Quality of practice: audited cases graded good or better',
  unit: 'percentage',
  polarity: 'higher-is-better',
  howCounted:
    'Of the grades given to cases in multi-agency case audits (one grade per case in each agency’s findings report, ' +
    'by when the report was sent, in England’s time), the percentage graded outstanding or good; requires ' +
    'improvement and inadequate count against. By agency: the agency whose auditor graded the case; by kind: ' +
    'single-case or thematic audit.',
  measure: 'percentage',
  breakdowns: {
    agency: { labelColumn: true },
    kind: { labels: { single: 'Single-case audit', thematic: 'Thematic audit' } },
  },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select cast(f.organisation_id as text) as b_agency, ${agency} as l_agency, a.kind as b_kind,
        g.grade in ('outstanding', 'good') as hit
      from case_audit_grades g join case_audit_findings f on f.id = g.findings_id
        join case_audits a on a.id = f.audit_id
      where ${instantIn('f.submitted_at', period)}`,
});

export const section11OnTime = computedIndicator({
  key: 'audits.s11-returns-on-time',
  version: 1,
  name: 'Section 11 returns received on time',
  unit: 'percentage',
  polarity: 'higher-is-better',
  howCounted:
    'Of the agencies invited to Section 11 audits whose returns fell due in the period (the cycle’s due date), the ' +
    'percentage whose return was made on or before the due date (the day in England). A return made late, or not ' +
    'yet made, counts against. By agency: the invited organisation.',
  measure: 'percentage',
  breakdowns: { agency: { labelColumn: true } },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select cast(f.organisation_id as text) as b_agency, ${agency} as l_agency,
        exists (select 1 from assurance_returns r where r.invitation_id = f.id
          and (r.submitted_at at time zone 'Europe/London')::date <= c.due_on) as hit
      from assurance_invitations f join assurance_cycles c on c.id = f.cycle_id
      where c.kind = 'section-11' and ${dayIn('c.due_on', period)}`,
});

export const assuranceAuditIndicators: readonly ComputedIndicator[] = [qualityOfPractice, section11OnTime];
