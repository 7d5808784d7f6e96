import { addDays, format } from 'date-fns';
import { newId } from '../../src/platform/db/ids.ts';
import type { TestApp } from './test-app.ts';

/**
 * A row in every audits table a form fills (issue 16): an open Section 175 audit the demo schools' lead is invited to
 * (their return form), and an open thematic audit sampling one early help episode with the schools' lead as its
 * auditor (the findings form), a theme and a plan action for the Board manager's forms.
 */
export async function seedAuditForms(t: TestApp) {
  const { db } = t.database;
  const user = (email: string) =>
    db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const [manager, school] = await Promise.all([user('board.manager@essex.example'), user('school.dsl@essex.example')]);
  const by = { created_by: manager.id, updated_by: manager.id };
  const day = (n: number) => format(addDays(new Date(), n), 'yyyy-MM-dd');
  const cycle = newId();
  await db
    .insertInto('assurance_cycles')
    .values({
      id: cycle,
      kind: 'section-175',
      title: 'Section 175 audit (seeded)',
      opens_on: day(-7),
      due_on: day(30),
      ...by,
    })
    .execute();
  await db
    .insertInto('assurance_invitations')
    .values({ id: newId(), cycle_id: cycle, organisation_id: school.organisation_id, invited_by: manager.id })
    .execute();
  const episode = await db.selectFrom('episodes').select(['id', 'family_id']).executeTakeFirstOrThrow();
  const audit = newId();
  await db
    .insertInto('case_audits')
    .values({ id: audit, kind: 'thematic', theme: 'Neglect (seeded)', ...by })
    .execute();
  await db
    .insertInto('case_audit_cases')
    .values({ id: newId(), audit_id: audit, episode_id: episode.id, family_id: episode.family_id, position: 1 })
    .execute();
  await db
    .insertInto('case_audit_auditors')
    .values({ id: newId(), audit_id: audit, user_id: school.id, organisation_id: school.organisation_id })
    .execute();
  await db.insertInto('case_audit_themes').values({ id: newId(), audit_id: audit, title: 'Think Family' }).execute();
  await db
    .insertInto('case_audit_actions')
    .values({
      id: newId(),
      audit_id: audit,
      action: 'Brief on the neglect toolkit',
      owner: 'Neglect group',
      due_on: day(30),
      ...by,
    })
    .execute();
  const returned = newId();
  const police = await user('partner.police@essex.example');
  const s11 = newId();
  await db
    .insertInto('assurance_cycles')
    .values({
      id: s11,
      kind: 'section-11',
      title: 'Section 11 audit (seeded)',
      opens_on: day(-7),
      due_on: day(30),
      ...by,
    })
    .execute();
  const invitation = newId();
  await db
    .insertInto('assurance_invitations')
    .values({ id: invitation, cycle_id: s11, organisation_id: police.organisation_id, invited_by: manager.id })
    .execute();
  await db
    .insertInto('assurance_returns')
    .values({
      id: returned,
      invitation_id: invitation,
      cycle_id: s11,
      organisation_id: police.organisation_id,
      submitted_by: police.id,
    })
    .execute();
  await db
    .insertInto('assurance_return_answers')
    .values({
      return_id: returned,
      standard_code: 's11-leadership',
      rating: 'met',
      evidence: 'Board minutes',
      actions: 'None',
    })
    .execute();
  const findings = newId();
  await db
    .insertInto('case_audit_findings')
    .values({
      id: findings,
      audit_id: audit,
      organisation_id: police.organisation_id,
      summary: 'Good joint working',
      submitted_by: police.id,
      version: 2,
    })
    .execute();
  // A correction to each (migration 0086), so the answers' pages show their changes.
  await db.updateTable('assurance_returns').set({ version: 2 }).where('id', '=', returned).execute();
  await db
    .insertInto('assurance_return_changes')
    .values({
      id: newId(),
      return_id: returned,
      version: 2,
      standard_code: 's11-leadership',
      field: 'evidence',
      old_value: 'Minutes',
      new_value: 'Board minutes',
      changed_by: police.id,
    })
    .execute();
  await db
    .insertInto('case_audit_findings_changes')
    .values({
      id: newId(),
      findings_id: findings,
      version: 2,
      field: 'summary',
      case_id: null,
      old_value: 'Joint working',
      new_value: 'Good joint working',
      changed_by: police.id,
    })
    .execute();
}
