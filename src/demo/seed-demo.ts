import { readFile } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../platform/db/schema/index.ts';
import { newId } from '../platform/db/ids.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import { ROLES, ROLE_NAMES } from '../platform/permissions/roles.ts';
import { TENANTS_DIR, teamAreas } from '../modules/reference/index.ts';

/** Every demo account shares this password. Demo data is never seeded in production. */
export const DEMO_PASSWORD = 'hearth-demo-password';

const demoSchema = z.object({
  users: z.array(
    z.object({
      email: z.string().email(),
      name: z.string().min(1),
      organisation: z.string(),
      roles: z.array(z.enum(ROLES)).min(1),
      teams: z.array(z.string()),
    }),
  ),
  /** Who sits on each quadrant's MACE panel (issue 13), by quadrant code and email. */
  macePanels: z.array(z.object({ quadrant: z.string(), members: z.array(z.string().email()) })).default([]),
});

/**
 * Adds the demo users from config/tenants/<tenant>.demo.json if they are not there yet, so a
 * person trying Hearth can sign in as each role. Returns who can sign in, for the start-up message.
 */
export async function seedDemoData(
  db: Kysely<DB>,
  tenant: string,
): Promise<{ email: string; roles: string; teams: string }[]> {
  let raw: string;
  try {
    raw = await readFile(`${TENANTS_DIR}${tenant}.demo.json`, 'utf8');
  } catch {
    return [];
  }
  const demo = demoSchema.parse(JSON.parse(raw));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const organisations = new Map(
    (await db.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]),
  );
  const teams = new Map((await db.selectFrom('teams').select(['id', 'code']).execute()).map((t) => [t.code, t.id]));
  await db.transaction().execute(async (tx) => {
    for (const user of demo.users) {
      const organisationId = organisations.get(user.organisation);
      if (!organisationId) throw new Error(`Demo user ${user.email}: unknown organisation ${user.organisation}`);
      const inserted = await tx
        .insertInto('users')
        .values({
          id: newId(),
          email: user.email,
          display_name: user.name,
          organisation_id: organisationId,
          password_hash: passwordHash,
          totp_secret: null,
          totp_last_counter: null,
          two_factor_enrolled_at: null,
          locked_until: null,
          last_signed_in_at: null,
          created_by: null,
          updated_by: null,
        })
        .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      await tx
        .insertInto('user_roles')
        .values(user.roles.map((role) => ({ user_id: inserted.id, role })))
        .execute();
      const teamIds = user.teams.map((code) => {
        const id = teams.get(code);
        if (!id) throw new Error(`Demo user ${user.email}: unknown team ${code}`);
        return id;
      });
      if (teamIds.length)
        await tx
          .insertInto('team_members')
          .values(teamIds.map((team_id) => ({ team_id, user_id: inserted.id })))
          .execute();
    }
    const quadrants = new Map(
      (await tx.selectFrom('quadrants').select(['id', 'code']).execute()).map((q) => [q.code, q.id]),
    );
    for (const panel of demo.macePanels) {
      const quadrantId = quadrants.get(panel.quadrant);
      if (!quadrantId) throw new Error(`Demo MACE panel: unknown quadrant ${panel.quadrant}`);
      for (const email of panel.members) {
        const user = await tx
          .selectFrom('users')
          .select('id')
          .where(sql`lower(email)`, '=', email.toLowerCase())
          .executeTakeFirst();
        if (!user) throw new Error(`Demo MACE panel ${panel.quadrant}: unknown user ${email}`);
        await tx
          .insertInto('mace_panel_members')
          .values({ quadrant_id: quadrantId, user_id: user.id, added_by: null })
          .onConflict((oc) => oc.columns(['quadrant_id', 'user_id']).doNothing())
          .execute();
      }
    }
  });
  // Where each demo user works, so nobody waits for a Chelmsford request to reach a Harlow team (issue 17).
  return Promise.all(
    demo.users.map(async (u) => ({
      email: u.email,
      roles: u.roles.map((r) => ROLE_NAMES[r]).join(', '),
      teams: (
        await teamAreas(
          db,
          u.teams.map((code) => teams.get(code)!),
        )
      )
        .map((t) => (t.districts.length ? `${t.name} (${t.districts.join(', ')})` : t.name))
        .join('; '),
    })),
  );
}
