import { addDays, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { closedEarlyHelpEpisodes } from '../../demo/seed-audits.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { AccessDenied } from '../../platform/permissions/denied.ts';
import { AuditRefused, StaleAnswer } from './core.ts';
import type { ReturnAnswer } from './cycles.ts';
import { qualityOfPractice } from './indicators.ts';
import type { AssuranceAuditsService } from './service.ts';

/**
 * An agency corrects its Section 11 return and its case audit findings until the cycle or audit closes (issue 16),
 * on PGlite and PostgreSQL: field-by-field history, the summary and the quality of practice read the corrected
 * answers, a stale form or another agency is refused, and ten identical corrections at once make one.
 */
let t: TestApp;
let audits: AssuranceAuditsService;
let manager: CurrentUser;
let agency: CurrentUser;
let school: CurrentUser;
const actor = (u: CurrentUser) => ({ userId: u.id, label: u.email });

async function user(email: string): Promise<CurrentUser> {
  const found = (await t.services.users.search(email, 1)).rows[0]!;
  return (await t.services.auth.loadCurrentUser(found.id))!;
}
async function standards() {
  return (await audits.standards()).standards['section-11'];
}
async function answers(over: Record<string, Partial<ReturnAnswer>> = {}) {
  return Object.fromEntries(
    (await standards()).map((s) => [s.code, { rating: 'met', evidence: 'Policy', actions: '', ...over[s.code] }]),
  ) as Record<string, ReturnAnswer>;
}
/** An open Section 11 cycle the agency (EPUT) is invited to, and its return. */
async function returned(title: string) {
  const cycleId = await audits.cycles.create(actor(manager), manager, {
    kind: 'section-11',
    title,
    opensOn: todayInLondon(),
    dueOn: todayInLondon(),
  });
  await audits.cycles.invite(actor(manager), manager, cycleId, agency.organisationId);
  const returnId = (await audits.cycles.submit(actor(agency), agency, cycleId, await answers()))!;
  return { cycleId, returnId };
}
const events = (action: string, subjectId: string) =>
  t.database.db
    .selectFrom('audit_events')
    .select(['details', 'outcome'])
    .where('action', '=', action)
    .where('subject_id', '=', subjectId)
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  audits = t.services.assuranceAudits;
  [manager, agency, school] = await Promise.all([
    user('board.manager@essex.example'),
    user('agency.lead@essex.example'),
    user('school.dsl@essex.example'),
  ]);
});
afterAll(() => t?.close());

describe('correcting a return', () => {
  it('keeps each changed field with who and when; the summary counts the corrected rating; audited', async () => {
    const { cycleId, returnId } = await returned('Section 11: corrected');
    const markup = '<script>alert(1)</script> & "quotes"';
    const done = await audits.returns.correct(
      actor(agency),
      agency,
      returnId,
      1,
      await answers({ 's11-escalation': { rating: 'not-met', evidence: markup } }),
    );
    expect(done).toEqual({ changed: 2 });
    const changes = await audits.returns.changes(returnId);
    expect(changes.map((c) => [c.version, c.standard_code, c.field, c.old_value, c.new_value, c.changed_by])).toEqual(
      expect.arrayContaining([
        [2, 's11-escalation', 'rating', 'met', 'not-met', 'Paul Ndlovu'],
        [2, 's11-escalation', 'evidence', 'Policy', markup, 'Paul Ndlovu'],
      ]),
    );
    expect(changes).toHaveLength(2);
    expect((await audits.cycles.answers(returnId)).find((a) => a.standard_code === 's11-escalation')).toMatchObject({
      rating: 'not-met',
      evidence: markup,
    });
    const summary = await audits.cycles.summary(cycleId, 'section-11');
    expect(summary.find((s) => s.code === 's11-escalation')).toMatchObject({ met: 0, notMet: 1 });
    const [event] = await events('assurance.return.corrected', returnId);
    expect(event!.details).toMatchObject({ version: 2, fields: ['s11-escalation:rating', 's11-escalation:evidence'] });
    expect((await audits.returns.get(returnId))!.version).toBe(2);

    // The same answers again change nothing and do not move the version on.
    const again = await audits.returns.correct(
      actor(agency),
      agency,
      returnId,
      2,
      await answers({ 's11-escalation': { rating: 'not-met', evidence: markup } }),
    );
    expect(again).toEqual({ changed: 0 });
    expect((await audits.returns.get(returnId))!.version).toBe(2);
  });

  it('refuses a stale form (unless it holds what was saved), another agency and the manager, saving nothing', async () => {
    const { returnId } = await returned('Section 11: stale');
    const first = await answers({ 's11-leadership': { evidence: 'Minutes of March' } });
    expect(await audits.returns.correct(actor(agency), agency, returnId, 1, first)).toEqual({ changed: 1 });
    expect(await audits.returns.correct(actor(agency), agency, returnId, 1, first)).toEqual({
      changed: 0,
      alreadySaved: true,
    });
    const other = await answers({ 's11-leadership': { evidence: 'Something else' } });
    await expect(audits.returns.correct(actor(agency), agency, returnId, 1, other)).rejects.toBeInstanceOf(StaleAnswer);
    await expect(audits.returns.correct(actor(school), school, returnId, 2, other)).rejects.toBeInstanceOf(
      AccessDenied,
    );
    await expect(audits.returns.correct(actor(manager), manager, returnId, 2, other)).rejects.toBeInstanceOf(
      AccessDenied,
    );
    expect(await events('permission.denied', returnId)).toHaveLength(2);
    expect(await audits.returns.changes(returnId)).toHaveLength(1);
    const missing = await answers();
    delete (missing as Record<string, unknown>)['s11-leadership'];
    await expect(audits.returns.correct(actor(agency), agency, returnId, 2, missing)).rejects.toThrow(
      'Select how far “Senior board-level leadership” is met',
    );
  });

  it('refuses a correction once the manager closed the cycle', async () => {
    const { cycleId, returnId } = await returned('Section 11: closed');
    await audits.cycles.close(actor(manager), manager, cycleId, 1);
    const late = audits.returns.correct(actor(agency), agency, returnId, 1, await answers({}));
    await expect(late).rejects.toBeInstanceOf(AuditRefused);
    await expect(late).rejects.toThrow('This audit has closed: its returns can no longer be corrected');
    expect(await audits.returns.changes(returnId)).toHaveLength(0);
  });

  it('ten identical corrections at once make one', async () => {
    const { returnId } = await returned('Section 11: ten at once');
    const same = await answers({ 's11-supervision-training': { rating: 'partly-met', actions: 'Refresh training' } });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => audits.returns.correct(actor(agency), agency, returnId, 1, same)),
    );
    expect(results.filter((r) => r!.changed === 2)).toHaveLength(1);
    expect(results.filter((r) => r!.alreadySaved)).toHaveLength(9);
    expect(await audits.returns.changes(returnId)).toHaveLength(2);
    expect((await audits.returns.get(returnId))!.version).toBe(2);
    expect(await events('assurance.return.corrected', returnId)).toHaveLength(1);
  });
});

describe('correcting a findings report', () => {
  it('changes a grade and the overview with history; the quality of practice reads the corrected grade', async () => {
    await closedEarlyHelpEpisodes(t.services, ['Fix-one', 'Fix-two']);
    const today = todayInLondon();
    const day = (n: number) => format(addDays(new Date(`${today}T12:00:00Z`), n), 'yyyy-MM-dd');
    const period = { from: day(-1), to: day(1) };
    const auditId = await audits.caseAudits.create(actor(manager), manager, {
      kind: 'thematic',
      theme: 'Neglect (corrections)',
      closedFrom: day(-30),
      closedTo: today,
      level: null,
      sampleSize: 2,
    });
    await audits.caseAudits.addAuditor(actor(manager), manager, auditId, 'agency.lead@essex.example');
    const cases = await audits.caseAudits.cases(auditId);
    const grades = (g: string[]) => Object.fromEntries(cases.map((k, i) => [k.id, g[i]!]));
    const findingsId = (await audits.caseAudits.submitFindings(actor(agency), agency, auditId, {
      summary: 'First view',
      grades: grades(['good', 'inadequate']),
    }))!;
    const before = await qualityOfPractice.compute(t.database.db, period);

    const done = await audits.findings.correct(actor(agency), agency, findingsId, 1, {
      summary: 'Second view <b>bold</b>',
      grades: grades(['good', 'good']),
    });
    expect(done).toEqual({ changed: 2 });
    const changes = await audits.findings.changes(findingsId);
    expect(changes.map((c) => [c.field, c.position, c.old_value, c.new_value])).toEqual(
      expect.arrayContaining([
        ['summary', null, 'First view', 'Second view <b>bold</b>'],
        ['grade', 2, 'inadequate', 'good'],
      ]),
    );
    const after = await qualityOfPractice.compute(t.database.db, period);
    expect(after.total.numerator).toBe((before.total.numerator ?? 0) + 1);
    expect(after.total.denominator).toBe(before.total.denominator);
    expect(await events('case-audit.findings.corrected', findingsId)).toHaveLength(1);

    await expect(
      audits.findings.correct(actor(school), school, findingsId, 2, { summary: 'x', grades: grades(['good', 'good']) }),
    ).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      audits.findings.correct(actor(agency), agency, findingsId, 1, { summary: 'y', grades: grades(['good', 'good']) }),
    ).rejects.toBeInstanceOf(StaleAnswer);
    const audit = (await audits.caseAudits.get(auditId))!;
    await audits.caseAudits.close(actor(manager), manager, auditId, audit.version);
    await expect(
      audits.findings.correct(actor(agency), agency, findingsId, 2, { summary: 'z', grades: grades(['good', 'good']) }),
    ).rejects.toThrow('This audit is closed: its findings can no longer be corrected');
    expect(await audits.findings.changes(findingsId)).toHaveLength(2);
  });
});
