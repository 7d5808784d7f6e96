import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import { AccessDenied } from '../../src/platform/permissions/denied.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * MACE panels by quadrant (issue 13): who takes part in a quadrant's MACE work. A member sees only the quadrants
 * whose panel they sit on, a coordinator every quadrant; only a coordinator changes the membership, audited.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const quadrant = async (code: string) =>
  (await t.database.db.selectFrom('quadrants').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe('MACE panels', () => {
  it('seeds the demo member on the West panel, and a coordinator sits on every panel', async () => {
    const member = await userByEmail(t.services, 'mace.member@essex.example');
    const coordinator = await userByEmail(t.services, 'mace.coordinator@essex.example');
    const west = await quadrant('west');
    const south = await quadrant('south');
    expect(await t.services.macePanels.quadrantIdsOf(member)).toEqual(new Set([west]));
    expect(await t.services.macePanels.sitsOn(member, west)).toBe(true);
    expect(await t.services.macePanels.sitsOn(member, south)).toBe(false);
    expect(await t.services.macePanels.quadrantIdsOf(coordinator)).toBe('all');
    const panels = await t.services.macePanels.panels();
    expect(panels.find((p) => p.quadrantCode === 'west')?.members.map((m) => m.email)).toEqual([
      'mace.member@essex.example',
    ]);
  });

  it('lets a coordinator add and remove a member, once each, audited', async () => {
    const member = await userByEmail(t.services, 'mace.member@essex.example');
    const coordinator = await userByEmail(t.services, 'mace.coordinator@essex.example');
    const actor = { userId: coordinator.id, label: coordinator.email };
    const south = await quadrant('south');
    const added = await Promise.all(
      Array.from({ length: 5 }, () => t.services.macePanels.add(actor, coordinator, south, member.id)),
    );
    expect(added.filter(Boolean)).toHaveLength(1);
    expect(await t.services.macePanels.sitsOn(member, south)).toBe(true);
    expect(await t.services.macePanels.remove(actor, coordinator, south, member.id)).toBe(true);
    expect(await t.services.macePanels.sitsOn(member, south)).toBe(false);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', member.id)
      .where('action', 'like', 'mace-panel.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['mace-panel.member-added', 'mace-panel.member-removed']);
  });

  it('refuses anyone but a coordinator, and audits the refusal', async () => {
    const member = await userByEmail(t.services, 'mace.member@essex.example');
    const south = await quadrant('south');
    await expect(
      t.services.macePanels.add({ userId: member.id, label: member.email }, member, south, member.id),
    ).rejects.toBeInstanceOf(AccessDenied);
    const refused = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('actor_user_id', '=', member.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(refused.length).toBeGreaterThan(0);
    expect(await t.services.macePanels.sitsOn(member, south)).toBe(false);
  });

  it('shows a user with no MACE role no quadrant, even on a panel', async () => {
    const teacher = await userByEmail(t.services, 'teacher@essex.example');
    const coordinator = await userByEmail(t.services, 'mace.coordinator@essex.example');
    await t.services.macePanels.add({ userId: null, label: 'test' }, coordinator, await quadrant('west'), teacher.id);
    expect(await t.services.macePanels.quadrantIdsOf(teacher)).toEqual(new Set());
  });
});
