import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { realIsoDate } from '../../platform/views/date-input.ts';
import { TENANTS_DIR } from '../reference/index.ts';

/**
 * The tenant's boards and sub-groups (config/tenants/<tenant>/governance.json): names and kinds follow the file at
 * every start; members, meetings, work programme rows and action log rows from the file are added once (by a key
 * made from what they say), then belong to the board manager, so later changes are never overwritten. A tenant
 * without the file has no boards. A file that does not pass the schema stops start-up, naming each problem.
 */

const CODE = /^[a-z0-9-]{1,60}$/;
const day = z.string().refine((v) => realIsoDate(v) === v, 'must be a real date as YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

const memberSchema = z.strictObject({
  name: text(200),
  organisation: z.string().max(200).default(''),
  role: z.enum(['chair', 'vice-chair', 'member', 'adviser']),
});
const meetingSchema = z.strictObject({
  key: z.string().regex(CODE),
  date: day,
  time: z
    .string()
    .regex(/^[0-2][0-9]:[0-5][0-9]$/)
    .optional(),
  place: z.string().max(400).default(''),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  items: z
    .array(
      z.strictObject({
        title: text(400),
        presenter: z.string().max(400).default(''),
        purpose: z.string().max(2000).default(''),
        papers: z.array(z.strictObject({ title: text(400), note: z.string().max(2000).default('') })).default([]),
      }),
    )
    .max(999),
});
const workSchema = z.strictObject({
  date: day.optional(),
  when: z.string().max(100).default(''),
  topic: text(400),
  lead: text(400),
  purpose: text(2000),
  commitment: z.string().max(400).default(''),
  crossCommittee: z.string().max(400).default(''),
});
const actionSchema = z.strictObject({
  raised: day,
  item: z.string().max(400).default(''),
  action: text(4000),
  status: z.enum(['open', 'in-progress', 'done', 'dropped']),
  /** The log's own words for where it stands, kept as the action's first update. */
  log: z.string().max(4000).default(''),
});
const boardSchema = z.strictObject({
  code: z.string().regex(CODE, 'a code is lower-case letters, digits and hyphens'),
  name: text(200),
  kind: z.enum(['board', 'sub-committee', 'locality-partnership', 'panel', 'scrutiny-committee']),
  parent: z.string().regex(CODE).optional(),
  quadrant: z.string().regex(CODE).optional(),
  description: z.string().max(4000).default(''),
  members: z.array(memberSchema).default([]),
  meetings: z.array(meetingSchema).default([]),
  workProgramme: z.array(workSchema).default([]),
  actions: z.array(actionSchema).default([]),
  /** Who owns the seeded actions, where the log names nobody. */
  actionOwner: text(200).optional(),
});

export const governanceFileSchema = z
  .strictObject({ note: z.string().optional(), boards: z.array(boardSchema) })
  .superRefine((file, ctx) => {
    const codes = file.boards.map((b) => b.code);
    file.boards.forEach((b, i) => {
      if (codes.indexOf(b.code) !== i)
        ctx.addIssue({ code: 'custom', path: ['boards', i, 'code'], message: `code "${b.code}" appears twice` });
      if (b.parent !== undefined && (b.parent === b.code || !codes.includes(b.parent)))
        ctx.addIssue({ code: 'custom', path: ['boards', i, 'parent'], message: `no other board "${b.parent}"` });
      if (b.actions.length > 0 && !b.actionOwner)
        ctx.addIssue({ code: 'custom', path: ['boards', i, 'actionOwner'], message: 'actions need an owner' });
    });
  });
export type GovernanceFile = z.infer<typeof governanceFileSchema>;

/** The tenant's governance file, or null when it has none. */
export async function readGovernanceFile(tenant: string, dir = TENANTS_DIR): Promise<GovernanceFile | null> {
  const file = path.join(dir, tenant, 'governance.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Governance file ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  const parsed = governanceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Governance file ${file} is not valid:\n${problems}`);
  }
  return parsed.data;
}

const keyOf = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

/** Loads the file into the governance tables; returns how many boards it has. Safe at every start. */
export async function seedGovernance(db: Kysely<DB>, file: GovernanceFile | null): Promise<number> {
  if (!file) return 0;
  const quadrants = new Set((await db.selectFrom('quadrants').select('code').execute()).map((q) => q.code));
  for (const b of file.boards)
    if (b.quadrant && !quadrants.has(b.quadrant))
      throw new Error(`Governance file: board "${b.code}" names quadrant "${b.quadrant}", which the tenant lacks`);
  await db.transaction().execute(async (tx) => {
    for (const [i, b] of file.boards.entries()) {
      const values = { name: b.name, kind: b.kind, description: b.description, quadrant_code: b.quadrant ?? null };
      await tx
        .insertInto('governance_boards')
        .values({ id: newId(), code: b.code, ...values, sort_order: i })
        .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, sort_order: i, updated_at: new Date() }))
        .execute();
    }
    const ids = new Map(
      (await tx.selectFrom('governance_boards').select(['id', 'code']).execute()).map((r) => [r.code, r.id]),
    );
    for (const b of file.boards) {
      const boardId = ids.get(b.code)!;
      await tx
        .updateTable('governance_boards')
        .set({ parent_id: b.parent ? ids.get(b.parent)! : null })
        .where('id', '=', boardId)
        .execute();
      for (const m of b.members)
        await tx
          .insertInto('governance_members')
          .values({
            id: newId(),
            board_id: boardId,
            ...m,
            user_id: null,
            joined_on: null,
            left_on: null,
            seed_key: keyOf(b.code, 'member', m.name),
          })
          .onConflict((oc) => oc.column('seed_key').doNothing())
          .execute();
      for (const w of b.workProgramme)
        await tx
          .insertInto('governance_work_programme')
          .values({
            id: newId(),
            board_id: boardId,
            planned_on: w.date ?? null,
            when_text: w.when,
            topic: w.topic,
            lead: w.lead,
            purpose: w.purpose,
            commitment: w.commitment,
            cross_committee: w.crossCommittee,
            seed_key: keyOf(b.code, 'work', w.when, w.topic),
          })
          .onConflict((oc) => oc.column('seed_key').doNothing())
          .execute();
      for (const m of b.meetings) await seedMeeting(tx, boardId, b.code, m);
      for (const a of b.actions) {
        const id = newId();
        const added = await tx
          .insertInto('governance_actions')
          .values({
            id,
            board_id: boardId,
            meeting_id: null,
            item_id: null,
            item_title: a.item,
            raised_on: a.raised,
            action: a.action,
            owner: b.actionOwner!,
            due_on: null,
            status: a.status,
            link_kind: null,
            link_ref: null,
            link_label: null,
            seed_key: keyOf(b.code, 'action', a.raised, a.action),
          })
          .onConflict((oc) => oc.column('seed_key').doNothing())
          .executeTakeFirst();
        if (Number(added.numInsertedOrUpdatedRows) === 1 && a.log)
          await tx
            .insertInto('governance_action_updates')
            .values({ id: newId(), action_id: id, status: a.status, note: a.log, created_by: null })
            .execute();
      }
    }
  });
  return file.boards.length;
}

async function seedMeeting(
  tx: Kysely<DB>,
  boardId: string,
  board: string,
  m: GovernanceFile['boards'][0]['meetings'][0],
) {
  const id = newId();
  const added = await tx
    .insertInto('governance_meetings')
    .values({
      id,
      board_id: boardId,
      held_on: m.date,
      starts_at: m.time ?? null,
      place: m.place,
      status: m.status,
      minutes_published_at: null,
      minutes_published_by: null,
      seed_key: keyOf(board, 'meeting', m.key),
    })
    .onConflict((oc) => oc.column('seed_key').doNothing())
    .executeTakeFirst();
  if (Number(added.numInsertedOrUpdatedRows) !== 1) return;
  for (const [i, item] of m.items.entries()) {
    const itemId = newId();
    await tx
      .insertInto('governance_agenda_items')
      .values({
        id: itemId,
        meeting_id: id,
        position: i + 1,
        title: item.title,
        presenter: item.presenter,
        purpose: item.purpose,
      })
      .execute();
    for (const p of item.papers)
      await tx
        .insertInto('governance_papers')
        .values({
          id: newId(),
          item_id: itemId,
          kind: 'document',
          title: p.title,
          report_key: null,
          report_parameters: null,
          link: null,
          note: p.note,
        })
        .execute();
  }
}
