import { sql } from 'kysely';
import { seedMaracMeetings } from './seed-marac-meetings.ts';
import { seedDemoRequests } from '../../src/demo/seed-requests.ts';
import { seedDemoEncompass } from '../../src/demo/seed-encompass.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { CASEWORK_TABLES, generateCasework, type Row } from '../../scripts/generate-casework.ts';
import { seedGovernanceForms } from './seed-governance.ts';
import { seedTrainingForms } from './seed-training.ts';
import { seedCorporateParentingForms } from './seed-corporate-parenting.ts';
import type { TestApp } from './test-app.ts';

/**
 * A test database with a row in every table a form fills: the demo requests and directory, a Hub decision,
 * generated casework for a few families (every demo practitioner involved in each), and one row of each
 * kind the generator leaves out. For tests that walk every page or every form.
 */
/** Inserts generated rows with one unnest insert per table (as the casework benchmark loads them). */
async function load(t: TestApp, table: string, columns: [string, string][], rows: Row[]) {
  if (!rows.length) return;
  const arrays = columns.map(([name, type]) => sql`${sql.val(rows.map((r) => r[name] ?? null))}::${sql.raw(type)}[]`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))}) select * from unnest(${sql.join(arrays)})`.execute(
    t.database.db,
  );
}

const userIdIn = async (t: TestApp, email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

export async function seedEveryForm(t: TestApp) {
  const userId = (email: string) => userIdIn(t, email);
  const { db } = t.database;
  await seedDemoRequests(t.services);
  await t.services.directory.seedDemoServices('essex');
  await hubWorkItem(t.services, { kind: 'taf', surname: 'Marsh', children: ['Ava'], parent: 'Dawn' });
  const [organisations, districts, areas] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'code']).execute(),
    db.selectFrom('districts').select(['id', 'code']).execute(),
    db.selectFrom('outcome_areas').select('code').orderBy('sort_order').execute(),
  ]);
  const today = todayInLondon();
  const data = generateCasework({
    episodes: 6,
    seed: 7,
    today,
    refs: {
      organisations: Object.fromEntries(organisations.map((o) => [o.code, o.id])),
      districts: Object.fromEntries(districts.map((d) => [d.code, d.id])),
      outcomeAreas: areas.map((a) => a.code),
    },
  });
  for (const { table, columns } of CASEWORK_TABLES) await load(t, table, columns, data.tables[table]!);

  const episodes = await db.selectFrom('episodes').select(['id', 'family_id']).where('status', '=', 'open').execute();
  const involved: [string, 'taf-member' | 'allocated-worker' | 'team-manager'][] = [
    ['teacher@essex.example', 'taf-member'],
    ['police@essex.example', 'taf-member'],
    ['tafso@essex.example', 'taf-member'],
    ['fs.worker@essex.example', 'allocated-worker'],
    ['fs.manager@essex.example', 'team-manager'],
  ];
  for (const [email, role] of involved) {
    const user = await userId(email);
    await db
      .insertInto('episode_involvements')
      .values(episodes.map((e) => ({ id: newId(), episode_id: e.id, user_id: user, role, from_at: new Date() })))
      .execute();
  }

  // One row in each table the generator leaves empty, as its form would store it.
  const episode = episodes[0]!;
  const worker = await userId('fs.worker@essex.example');
  const tafso = await userId('tafso@essex.example');
  const member = await db
    .selectFrom('family_members')
    .select(['id', 'person_id'])
    .where('family_id', '=', episode.family_id)
    .executeTakeFirstOrThrow();
  const audited = { created_by: worker, updated_by: worker };
  await db
    .insertInto('consultations')
    .values({
      id: newId(),
      consulted_at: new Date(),
      channel: 'phone',
      asker_name: 'Grace',
      asker_organisation_name: 'Harlow Primary',
      question: 'Level 2?',
      advice: 'Talk to mum.',
      recorded_by: await userId('hub.practitioner@essex.example'),
      ...audited,
    })
    .execute();
  const teacher = await userId('teacher@essex.example');
  await db
    .insertInto('exploitation_concerns')
    .values({
      id: newId(),
      child_first_name: 'Leah',
      child_last_name: 'Marsh',
      exploitation_kinds: ['criminal'],
      settings: ['online'],
      indicators: ['missing'],
      what_seen: 'Seen getting into taxis after school.',
      judgement: 'could-be',
      police_reference: '42/123456/26',
      police_reported_on: today,
      police_officer: 'PC 1234 Ward',
      raised_by: teacher,
      created_by: teacher,
      updated_by: teacher,
      district: 'harlow',
      where_it_happens: 'Harlow Town station',
    })
    .execute();
  await seedMace1(t, teacher, today);
  await seedMace2(t, await userId('mace.coordinator@essex.example'), today);
  await seedPerformance(t, await userId('analyst@essex.example'));
  await seedPartnershipPlan(t, await userId('analyst@essex.example'), today);
  await seedGovernanceForms(t);
  // A person's ethnicity and SEND as the Hub's person page saves them (codes only: no free text to fill).
  const someone = await db.selectFrom('people').select(['id', 'version']).executeTakeFirstOrThrow();
  await t.services.people.changeDemographics({ userId: null, label: 'seed' }, someone.id, someone.version, {
    ethnicity: 'white-gypsy-irish-traveller',
    send: 'ehc-plan',
  });
  await seedTrainingForms(t);
  await seedCorporateParentingForms(t);
  await seedEducation(t, await userId('education.compliance@essex.example'));
  // Operation Encompass: one notification with its support recorded, one sent and not acknowledged, and the demo
  // requests' own (its school not known).
  await seedDemoEncompass(t.services);
  await seedMaracMeetings(t, await userId('marac.coordinator@essex.example'));
  const request = await db.selectFrom('requests_for_support').select('id').executeTakeFirstOrThrow();
  await db
    .insertInto('request_contacts')
    .values({
      id: newId(),
      request_id: request.id,
      kind: 'call',
      with_whom: 'School',
      details: 'Rang the school.',
      created_by: await userId('hub.practitioner@essex.example'),
    })
    .execute();
  await db
    .insertInto('taf_support_log')
    .values({
      id: newId(),
      officer_id: tafso,
      support_date: today,
      kind: 'advice',
      practitioner_name: 'Sam',
      organisation_name: 'Harlow Primary',
      notes: 'Advice.',
      created_by: tafso,
    })
    .execute();
  await db
    .insertInto('fs_agreements')
    .values({
      id: newId(),
      episode_id: episode.id,
      agreed_on: today,
      agreed_by: [member.person_id],
      family_agrees: 'To meet.',
      service_agrees: 'To visit.',
      ...audited,
    })
    .execute();
  await db
    .insertInto('fs_supervisions')
    .values({
      id: newId(),
      episode_id: episode.id,
      supervised_on: today,
      notes: 'Notes.',
      decisions: 'Decisions.',
      next_due: new Date(Date.parse(`${today}T12:00:00Z`) + 28 * 86_400_000).toISOString().slice(0, 10),
      created_by: worker,
    })
    .execute();
  await db
    .insertInto('break_glass_grants')
    .values({
      id: newId(),
      user_id: await userId('hub.manager@essex.example'),
      record_type: 'family',
      record_id: episode.family_id,
      record_label: 'A family',
      reason: 'Police at the door.',
      granted_at: new Date(),
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .execute();
  await db
    .insertInto('fs_sustainment_checks')
    .values({ id: newId(), episode_id: episode.id, due_on: today, notes: 'Holding.', ...audited })
    .execute();
  const assessmentId = newId();
  await db
    .insertInto('assessments')
    .values({ id: assessmentId, episode_id: episode.id, ...audited })
    .execute();
  await db
    .insertInto('assessment_sections')
    .values([
      { id: newId(), assessment_id: assessmentId, kind: 'member', person_id: member.person_id, ...audited },
      { id: newId(), assessment_id: assessmentId, kind: 'analysis', person_id: null, ...audited },
    ])
    .execute();
  const plan = await db
    .selectFrom('plans')
    .select(['id', 'content_version'])
    .where('episode_id', '=', episode.id)
    .executeTakeFirst();
  if (plan)
    await db
      .insertInto('plan_sign_offs')
      .values({
        id: newId(),
        plan_id: plan.id,
        content_version: plan.content_version,
        family_member_id: member.id,
        typed_name: 'Dawn',
        signed_on: today,
        recorded_by: worker,
      })
      .execute();
  const action = await db
    .selectFrom('taf_meetings')
    .innerJoin('plan_actions', (join) => join.onTrue())
    .select(['taf_meetings.id as meeting', 'plan_actions.id as action'])
    .executeTakeFirst();
  if (action)
    await db
      .insertInto('taf_action_updates')
      .values({
        id: newId(),
        meeting_id: action.meeting,
        action_id: action.action,
        status_before: 'open',
        status_after: 'open',
        note: 'Note.',
      })
      .execute();

  // A practitioner in the TAF without a Hearth account (issue 17, item 11), invited to one of the episode's meetings.
  const partnerId = newId();
  await db
    .insertInto('taf_partners')
    .values({
      id: partnerId,
      episode_id: episode.id,
      family_id: episode.family_id,
      name: 'Amina Hussain',
      role: 'School nurse',
      organisation_id: null,
      organisation_name: 'Essex Child and Family Wellbeing Service',
      email: 'amina.hussain@nhs.example',
      phone: '01632 960 001',
      added_by: worker,
    })
    .execute();
  const meeting = await db
    .selectFrom('taf_meetings')
    .select('id')
    .where('episode_id', '=', episode.id)
    .executeTakeFirst();
  if (meeting)
    await db
      .insertInto('taf_meeting_invitees')
      .values({
        id: newId(),
        meeting_id: meeting.id,
        user_id: null,
        person_id: null,
        partner_id: partnerId,
        attendance: null,
        email_id: null,
        invited_by: worker,
      })
      .execute();
  // A missing episode, open to the family's worker, with its police notification (migrations/0044).
  const police = await db
    .selectFrom('organisations')
    .select('id')
    .where('code', '=', 'essex-police')
    .executeTakeFirstOrThrow();
  const missingId = newId();
  await db
    .insertInto('missing_episodes')
    .values({
      id: missingId,
      organisation_id: police.id,
      episode_reference: 'MP/00001/26',
      first_name: 'Maisie',
      last_name: 'Okafor',
      date_of_birth: '2012-12-01',
      age_at_missing: 13,
      missing_from: 'care-placement',
      reported_at: new Date(Date.now() - 86_400_000),
      reported_by: 'Residential home staff',
      risk_grading: 'medium',
      returned_at: new Date(),
      returned_where: 'A friend’s flat',
      returned_how: 'Came back on her own',
      district: 'harlow',
      family_id: episode.family_id,
      worker_id: worker,
    })
    .execute();
  await db
    .insertInto('missing_episode_notifications')
    .values({ request_id: request.id, episode_id: missingId, event: 'report', police_reference: 'MP/00001/26' })
    .execute();
  // A second child back from missing, with a Missing Chat held and a Parental Missing Chat declined (migrations/0048).
  // The first episode keeps no chats, so its page offers to start them (the walk's one-time key).
  const returnedId = newId();
  await db
    .insertInto('missing_episodes')
    .values({
      id: returnedId,
      organisation_id: police.id,
      episode_reference: 'MP/00002/26',
      first_name: 'Ava',
      last_name: 'Reid',
      date_of_birth: '2012-02-01',
      age_at_missing: 14,
      missing_from: 'home',
      reported_at: new Date(Date.now() - 3 * 86_400_000),
      reported_by: 'Mother',
      risk_grading: 'high',
      returned_at: new Date(Date.now() - 2 * 86_400_000),
      returned_where: 'A park in Harlow',
      returned_how: 'Found by officers',
      district: 'harlow',
    })
    .execute();
  const offered = { offered_at: new Date(Date.now() - 86_400_000), offered_how: 'phone' as const };
  await db
    .insertInto('missing_chats')
    .values([
      {
        id: newId(),
        episode_id: returnedId,
        kind: 'child',
        age_at_return: 14,
        status: 'held',
        ...offered,
        held_on: new Date().toISOString().slice(0, 10),
        held_how: 'face-to-face',
        said: 'I needed space',
        push_factors: ['conflict-at-home'],
        pull_factors: ['friends'],
        factors_other: 'Exams',
        risks: 'Older boys',
        actions: 'Mediation',
        shared_with: ['school'],
        shared_with_other: 'Youth worker',
      },
      {
        id: newId(),
        episode_id: returnedId,
        kind: 'parent',
        age_at_return: 14,
        status: 'declined',
        ...offered,
        offered_to: 'Mother, Grace Reid',
        said: 'Not now thanks',
        risks: 'None seen',
        actions: 'Leaflet sent',
        shared_with_other: 'Nobody',
      },
    ])
    .execute();
  // A 7-year-old's episode, scrutinised by the Missing Co-ordinator and closed by the Hub (migrations/0049).
  const youngId = newId();
  const hubUser = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'hub.practitioner@essex.example')
    .executeTakeFirstOrThrow();
  const coordinator = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'missing.coordinator@essex.example')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('missing_episodes')
    .values({
      id: youngId,
      organisation_id: police.id,
      episode_reference: 'MP/00004/26',
      first_name: 'Lily',
      last_name: 'Okafor',
      date_of_birth: '2019-06-01',
      age_at_missing: 7,
      missing_from: 'home',
      reported_at: new Date(Date.now() - 86_400_000),
      reported_by: 'Father',
      risk_grading: 'high',
      returned_at: new Date(),
      returned_where: 'A neighbour’s house',
      returned_how: 'Found by officers',
      district: 'harlow',
      closed_at: new Date(),
      closed_by: hubUser.id,
      closing_note: 'Home safe; actions agreed',
    })
    .execute();
  const scrutinyId = newId();
  await db
    .insertInto('missing_scrutinies')
    .values({
      id: scrutinyId,
      episode_id: youngId,
      findings: 'Wandered to a neighbour’s house',
      referral_needed: true,
      reviewed_by: coordinator.id,
    })
    .execute();
  await db
    .insertInto('missing_scrutiny_actions')
    .values({
      id: newId(),
      scrutiny_id: scrutinyId,
      position: 1,
      what: 'Home visit',
      who: 'Hub',
      by_when: '2030-01-01',
    })
    .execute();
  // An 8-year-old's episode waiting for the Co-ordinator's scrutiny.
  await db
    .insertInto('missing_episodes')
    .values({
      id: newId(),
      organisation_id: police.id,
      episode_reference: 'MP/00005/26',
      first_name: 'Rosa',
      last_name: 'Okafor',
      date_of_birth: '2018-01-01',
      age_at_missing: 8,
      missing_from: 'school',
      reported_at: new Date(Date.now() - 3_600_000),
      reported_by: 'School office',
      risk_grading: 'low',
      district: 'harlow',
    })
    .execute();
  // A Hub social worker's review (a missing child at level 3 or 4, migrations/0053), with reasons.
  const decision = await db.selectFrom('hub_decisions').select('id').orderBy('decided_at').executeTakeFirstOrThrow();
  await db
    .insertInto('hub_social_work_reviews')
    .values({
      id: newId(),
      decision_id: decision.id,
      reviewer_id: await userId('hub.socialworker@essex.example'),
      outcome: 'changes-asked',
      reasons: 'Ask the school what they saw on Monday',
    })
    .execute();
  await seedSocialCare(t, await userId('social.care@essex.example'));
  await seedMaracCases(t, await userId('teacher@essex.example'));
}

/** MACE 1: a nomination accepted into a West case, a meeting with an agency's information, a discussion and an action. */
async function seedMace1(t: TestApp, teacher: string, today: string) {
  const { db } = t.database;
  const coordinator = await userIdIn(t, 'mace.coordinator@essex.example');
  const police = await userIdIn(t, 'mace.member@essex.example');
  const harlow = await db
    .selectFrom('districts')
    .select(['id', 'quadrant_id'])
    .where('code', '=', 'harlow')
    .executeTakeFirstOrThrow();
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('code', '=', 'essex-police')
    .executeTakeFirstOrThrow();
  const child = { child_first_name: 'Kayden', child_last_name: 'Rowe', child_date_of_birth: '2011-02-14' };
  const place = { district_id: harlow.id, quadrant_id: harlow.quadrant_id, kind: 'at-risk' as const };
  const nominationId = newId();
  const caseId = newId();
  const meetingId = newId();
  const by = { created_by: coordinator, updated_by: coordinator };
  await db
    .insertInto('mace1_nominations')
    .values([
      {
        id: nominationId,
        ...child,
        ...place,
        why: 'Older males at the station.',
        agencies: 'School',
        status: 'accepted',
        nominated_by: teacher,
        created_by: teacher,
        updated_by: teacher,
      },
      {
        id: newId(),
        ...child,
        ...place,
        child_first_name: 'Mia',
        why: 'Missing twice.',
        agencies: 'School',
        status: 'declined',
        decline_reason: 'Team Around the Family first.',
        nominated_by: teacher,
        created_by: teacher,
        updated_by: teacher,
      },
      {
        id: newId(),
        ...child,
        ...place,
        child_first_name: 'Noah',
        why: 'Carrying a knife.',
        agencies: '',
        nominated_by: teacher,
        created_by: teacher,
        updated_by: teacher,
      },
    ])
    .execute();
  await db
    .insertInto('mace1_cases')
    .values({
      id: caseId,
      nomination_id: nominationId,
      ...child,
      ...place,
      why: 'Older males at the station.',
      agencies: 'School',
      risk_level: 'high',
      review_on: today,
      opened_on: today,
      opened_by: coordinator,
      nominated_by: teacher,
      ...by,
    })
    .execute();
  await db
    .insertInto('mace1_meetings')
    .values({
      id: meetingId,
      quadrant_id: harlow.quadrant_id,
      starts_at: new Date(Date.now() + 86_400_000),
      place: 'Harlow Civic Centre',
      chair: 'DI Cole',
      ...by,
    })
    .execute();
  await db
    .insertInto('mace1_agency_information')
    .values({
      id: newId(),
      case_id: caseId,
      meeting_id: meetingId,
      organisation_id: organisation.id,
      information: 'Stopped with cash.',
      recorded_by: police,
    })
    .execute();
  await db
    .insertInto('mace1_discussions')
    .values({
      meeting_id: meetingId,
      case_id: caseId,
      summary: 'Agreed a safety plan.',
      risk_level: 'high',
      outcome: 'review',
      next_review_on: today,
      ...by,
    })
    .execute();
  await db
    .insertInto('mace1_plan_actions')
    .values({
      id: newId(),
      case_id: caseId,
      meeting_id: meetingId,
      organisation_id: organisation.id,
      action: 'Serve a warning notice.',
      owner: 'DC Khan',
      due_on: today,
      ...by,
    })
    .execute();
}

/** MACE 2 in the West quadrant (where the demo member sits): a place, a person there, a meeting, a profile, an action. */
async function seedMace2(t: TestApp, by: string, today: string) {
  const { db } = t.database;
  const west = (await db.selectFrom('quadrants').select('id').where('code', '=', 'west').executeTakeFirstOrThrow()).id;
  const police = (
    await db.selectFrom('organisations').select('id').where('code', '=', 'essex-police').executeTakeFirstOrThrow()
  ).id;
  const [placeId, personId, actionId] = [newId(), newId(), newId()];
  const mine = { created_by: by, updated_by: by };
  await db
    .insertInto('mace2_places')
    .values({
      id: placeId,
      quadrant_id: west,
      kind: 'station',
      name: 'Harlow Town station',
      district: 'harlow',
      ...mine,
    })
    .execute();
  await db
    .insertInto('mace2_persons')
    .values({
      id: personId,
      quadrant_id: west,
      name: 'Tall Man',
      district: 'harlow',
      description: 'Offers lifts.',
      ...mine,
    })
    .execute();
  await db.insertInto('mace2_person_places').values({ person_id: personId, place_id: placeId }).execute();
  await db
    .insertInto('mace2_meetings')
    .values({
      id: newId(),
      quadrant_id: west,
      held_on: today,
      csp_districts: ['harlow'],
      notes: 'First meeting',
      ...mine,
    })
    .execute();
  await db
    .insertInto('mace2_profiles')
    .values({
      id: newId(),
      quadrant_id: west,
      as_of: today,
      summary: 'County lines.',
      themes: 'Trains',
      created_by: by,
    })
    .execute();
  await db
    .insertInto('mace2_actions')
    .values({
      id: actionId,
      quadrant_id: west,
      category: 'disrupt',
      what: 'Operation Henderson patrols',
      organisation_id: police,
      owner_name: 'PS Khan',
      due_on: today,
      place_id: placeId,
      in_action_plan: true,
      ...mine,
    })
    .execute();
  await db
    .insertInto('mace2_action_updates')
    .values({ id: newId(), action_id: actionId, status: 'open', note: 'Planned', created_by: by })
    .execute();
}

/** The performance framework: a figure, commentary on it, and a refused import with its report. */
async function seedPerformance(t: TestApp, by: string) {
  const { db } = t.database;
  const indicator = await db
    .selectFrom('performance_indicators')
    .select('id')
    .where('code', '=', 'cme.children-missing-education')
    .executeTakeFirstOrThrow();
  const period = { period: '2024-25 Q1', period_from: '2024-04-01', period_to: '2024-07-01' };
  await db
    .insertInto('performance_values')
    .values({
      id: newId(),
      indicator_id: indicator.id,
      ...period,
      area_kind: 'all',
      value: 542,
      import_id: null,
      counted_version: null,
      numerator: null,
      denominator: null,
      created_by: by,
    })
    .execute();
  await db
    .insertInto('performance_commentary')
    .values({
      id: newId(),
      indicator_id: indicator.id,
      period: period.period,
      body: 'Consistent with earlier years.',
      author_id: by,
    })
    .execute();
  await db
    .insertInto('performance_imports')
    .values({
      id: newId(),
      indicator_id: indicator.id,
      file_name: 'cme.csv',
      file_kind: 'csv',
      outcome: 'refused',
      rows_total: 1,
      rows_refused: 1,
      report: JSON.stringify([{ row: 2, column: 'value', message: 'The value must be a number' }]),
      changes: '[]',
      imported_by: by,
    })
    .execute();
}

/** The partnership plan: an action of a priority and one of a Locality Partnership's plan, an update, a review. */
async function seedPartnershipPlan(t: TestApp, by: string, today: string) {
  const { db } = t.database;
  const [priorityAction, localAction] = [newId(), newId()];
  const owner = { owner_name: 'Priya Shah', owner_organisation: 'Essex County Council', due_on: today };
  await db
    .insertInto('partnership_plan_actions')
    .values(
      [
        {
          id: priorityAction,
          item_code: '2020/send',
          title: 'Publish the SEND local offer',
          rag: 'amber' as const,
          ...owner,
        },
        { id: localAction, locality: 'west', title: 'Harlow parenting forum', rag: 'green' as const, ...owner },
      ].map((a) => ({ ...a, created_by: by, updated_by: by })),
    )
    .execute();
  await db
    .insertInto('partnership_plan_action_updates')
    .values({ id: newId(), action_id: priorityAction, update_on: today, note: 'Drafted', rag: 'amber', created_by: by })
    .execute();
  await db
    .insertInto('partnership_plan_reviews')
    .values({
      id: newId(),
      item_code: '2020/send',
      reviewed_on: today,
      findings: 'On track',
      decision: 'continue',
      created_by: by,
    })
    .execute();
}

/** Education Compliance (issue 15): a home-educated child with a concern, open (its forms all draw). */
async function seedEducation(t: TestApp, by: string) {
  const actor = { userId: by, label: 'seed-every-form' };
  const made = await t.services.educationCompliance.create(actor, {
    kind: 'ehe',
    firstName: 'Esme',
    lastName: 'Holloway',
    'dateOfBirth-day': '2014-06-01',
    district: 'harlow',
    source: 'school-deregistration',
    'reportedOn-day': '2026-09-15',
    school: 'Harlow Academy',
    details: 'De-registered for home education.',
    personId: 'new',
  });
  if (!('created' in made)) throw new Error('seed-every-form: the education case was not made');
  await t.services.educationCompliance.addEvent(actor, made.created, {
    source: 'health',
    'on-day': '2026-10-01',
    details: 'School nurse worried about isolation.',
  });
}

/**
 * Children's social care (issue 15): a hand-off of the Hub's decision waiting to be acknowledged (its acknowledge
 * form), and an escalation raised by social care about that decision (its steps' forms).
 */
async function seedSocialCare(t: TestApp, by: string) {
  const db = t.database.db;
  const d = await db
    .selectFrom('hub_decisions as d')
    .innerJoin('requests_for_support as r', 'r.id', 'd.request_id')
    .select(['d.id', 'd.request_id', 'r.reference'])
    .orderBy('d.decided_at')
    .executeTakeFirstOrThrow();
  await t.services.socialCare.receive(db, {
    requestId: d.request_id,
    decisionId: d.id,
    reference: d.reference,
    level: 4,
    districtCode: 'harlow',
    route: 'strategy-discussion',
    requesterEmail: null,
  });
  const user = await db.selectFrom('users').select('organisation_id').where('id', '=', by).executeTakeFirstOrThrow();
  const { stages } = await t.services.escalations.stages();
  await t.services.escalations.raise(
    { userId: by, label: 'Marcus Bell' },
    { id: by, roles: ['social-care-practitioner'], organisationId: user.organisation_id, teamIds: [] },
    { decisionId: d.id, stage: stages[0]!.code, asked: 'Please look again at the level.' },
  );
  // An escalation about an Early Help Plan: raised by the Hub manager, who sees the family through the break-glass
  // grant above, and asked of the plan's lead professional.
  const grant = await db
    .selectFrom('break_glass_grants')
    .select(['user_id', 'record_id'])
    .where('record_type', '=', 'family')
    .executeTakeFirstOrThrow();
  const plan = await db
    .selectFrom('plans as p')
    .innerJoin('episodes as e', 'e.id', 'p.episode_id')
    .select('p.id')
    .where('e.family_id', '=', grant.record_id)
    .executeTakeFirstOrThrow();
  const manager = await db
    .selectFrom('users')
    .select('organisation_id')
    .where('id', '=', grant.user_id)
    .executeTakeFirstOrThrow();
  await t.services.escalations.raise(
    { userId: grant.user_id, label: 'Tom Reid' },
    { id: grant.user_id, roles: ['hub-manager'], organisationId: manager.organisation_id, teamIds: [] },
    { planId: plan.id, stage: stages[0]!.code, asked: 'The plan has no action for school attendance.' },
  );
}

/**
 * MARAC (issue 15): a case referred through the service, with its victim (a refuge address), a child and the person
 * causing harm, every free-text column filled; and the case closed with a reason, so the closure's text is drawn too.
 */
async function seedMaracCases(t: TestApp, by: string) {
  const db = t.database.db;
  const user = await db.selectFrom('users').select('organisation_id').where('id', '=', by).executeTakeFirstOrThrow();
  const { agencies, districts } = await t.services.maracCases.choices();
  const body = {
    victimFirstName: 'Orla',
    victimLastName: 'Pennick',
    'victimDateOfBirth-day': '3',
    'victimDateOfBirth-month': '4',
    'victimDateOfBirth-year': '1990',
    victimGender: 'female',
    victimAddress: 'Refuge, 2 Quiet Road',
    victimPostcode: 'CM20 1AA',
    victimRefuge: 'yes',
    child1FirstName: 'Ted',
    child1LastName: 'Pennick',
    'child1DateOfBirth-day': '5',
    'child1DateOfBirth-month': '6',
    'child1DateOfBirth-year': '2016',
    child1Relationship: 'son',
    child1School: 'Harlow Primary',
    harm1FirstName: 'Ross',
    harm1LastName: 'Pennick',
    harm1Gender: 'male',
    harm1Relationship: 'husband',
    harm1Address: '9 Elm Close, Harlow',
    harm1Postcode: 'CM20 2AA',
    referringAgency: agencies[0]!.code,
    district: districts[0]!.code,
    summary: 'Strangulation reported on Friday.',
    typedScore: '16',
    judgement: 'yes',
    judgementReason: 'Threats to kill.',
    policeCallouts: '3',
  };
  const form = await t.services.maracCases.parseReferral(body);
  if (!form.ok) throw new Error(`seed-every-form: the MARAC referral was refused: ${form.errors.list[0]?.text}`);
  const made = await t.services.maracCases.refer(
    { userId: by, label: 'seed-every-form' },
    { id: by, roles: ['partner-practitioner'], organisationId: user.organisation_id, teamIds: [] },
    form.data,
    { 'match-victim': 'none', 'match-child1': 'none', 'match-harm1': 'none' },
  );
  if (!('created' in made)) throw new Error('seed-every-form: the MARAC case was not made');
  await db.updateTable('marac_cases').set({ closure_reason: 'Risk reduced.' }).where('id', '=', made.created).execute();
}
