import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { TestApp } from './test-app.ts';

/**
 * A row in every governance table a form fills (issue 14), beyond what the tenant file seeds: a meeting of the
 * Safeguarding Children Board with an item, its minutes (published, then corrected), a document with a link and a
 * report, a decision, an action from the item that points at an indicator, its update, a member linked to a user
 * and a line of the work programme.
 */
export async function seedGovernanceForms(t: TestApp) {
  const { db } = t.database;
  const today = todayInLondon();
  const by = (
    await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'board.manager@essex.example')
      .executeTakeFirstOrThrow()
  ).id;
  const board = (
    await db
      .selectFrom('governance_boards')
      .select('id')
      .where('code', '=', 'safeguarding-children-board')
      .executeTakeFirstOrThrow()
  ).id;
  const mine = { created_by: by, updated_by: by };
  const meeting = newId();
  const item = newId();
  const action = newId();
  await db
    .insertInto('governance_members')
    .values({
      id: newId(),
      board_id: board,
      name: 'Helen Marsh',
      organisation: 'Essex County Council',
      role: 'adviser',
      user_id: by,
      joined_on: today,
      left_on: null,
      seed_key: null,
      ...mine,
    })
    .execute();
  await db
    .insertInto('governance_meetings')
    .values({
      id: meeting,
      board_id: board,
      held_on: today,
      starts_at: '10:00',
      place: 'County Hall',
      status: 'held',
      minutes_published_at: new Date(),
      minutes_published_by: by,
      seed_key: null,
      ...mine,
    })
    .execute();
  await db
    .insertInto('governance_agenda_items')
    .values({
      id: item,
      meeting_id: meeting,
      position: 1,
      title: 'Annual report',
      presenter: 'Independent Chair',
      purpose: 'For decision',
      minutes: 'Approved.',
      ...mine,
    })
    .execute();
  await db
    .insertInto('governance_papers')
    .values([
      {
        id: newId(),
        item_id: item,
        kind: 'document',
        title: 'Annual report 2020-21',
        report_key: null,
        report_parameters: null,
        link: 'https://www.escb.co.uk/',
        note: 'Pages 34 - 78',
        created_by: by,
      },
      {
        id: newId(),
        item_id: item,
        kind: 'report',
        title: 'Board report',
        report_key: 'board-report',
        report_parameters: JSON.stringify({ quadrant: 'west' }),
        link: null,
        note: '',
        created_by: by,
      },
    ])
    .execute();
  await db
    .insertInto('governance_decisions')
    .values({
      id: newId(),
      meeting_id: meeting,
      item_id: item,
      decision: 'Approved for publication.',
      decided_on: today,
      created_by: by,
    })
    .execute();
  await db
    .insertInto('governance_minute_corrections')
    .values({
      id: newId(),
      item_id: item,
      previous: 'Approve.',
      corrected: 'Approved.',
      reason: 'A typing error.',
      created_by: by,
    })
    .execute();
  await db
    .insertInto('governance_actions')
    .values({
      id: action,
      board_id: board,
      meeting_id: meeting,
      item_id: item,
      item_title: 'Annual report',
      raised_on: today,
      action: 'Publish the report',
      owner: 'Board Manager',
      due_on: today,
      link_kind: 'indicator',
      link_ref: 'ESCB-1',
      link_label: 'Section 11 audits returned',
      seed_key: null,
      ...mine,
    })
    .execute();
  await db
    .insertInto('governance_action_updates')
    .values({ id: newId(), action_id: action, status: 'open', note: 'Drafted.', created_by: by })
    .execute();
  await db
    .insertInto('governance_work_programme')
    .values({
      id: newId(),
      board_id: board,
      planned_on: today,
      when_text: 'Spring',
      topic: 'Safeguarding',
      lead: 'Independent Chair',
      purpose: 'To consider the report',
      commitment: 'Safety',
      cross_committee: 'Not applicable',
      seed_key: null,
      ...mine,
    })
    .execute();
}
