import { describe, expect, it } from 'vitest';
import { CASEWORK_TABLES, generateCasework, type CaseworkRefs } from './generate-casework.ts';

const refs: CaseworkRefs = {
  organisations: Object.fromEntries(
    ['essex-county-council', 'essex-schools', 'essex-police', 'essex-child-and-family-wellbeing-service'].map(
      (code, i) => [code, `00000000-0000-4000-8000-00000000000${i}`],
    ),
  ),
  districts: Object.fromEntries(
    [
      'basildon',
      'braintree',
      'brentwood',
      'castle-point',
      'chelmsford',
      'colchester',
      'epping-forest',
      'harlow',
      'maldon',
      'rochford',
      'tendring',
      'uttlesford',
    ].map((code, i) => [code, `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`]),
  ),
  outcomeAreas: ['education', 'health', 'housing', 'domestic-abuse', 'financial-stability'],
};
const today = '2026-03-02';
const data = generateCasework({ episodes: 200, seed: 5, today, refs });
const rows = (table: string) => data.tables[table]!;

describe('generateCasework', () => {
  it('is deterministic: the same seed gives the same casework', () => {
    expect(generateCasework({ episodes: 200, seed: 5, today, refs })).toEqual(data);
    expect(generateCasework({ episodes: 200, seed: 6, today, refs }).worker.id).not.toBe(data.worker.id);
  });

  it('makes the open episodes asked for, some closed ones, and about ten actions each', () => {
    const episodes = rows('episodes');
    expect(episodes.filter((e) => e.status === 'open')).toHaveLength(200);
    expect(episodes.some((e) => e.status === 'closed' && e.closed_at && e.closure_reason)).toBe(true);
    expect(rows('families')).toHaveLength(240);
    expect(rows('plan_actions').length / 200).toBeGreaterThan(8);
    expect(rows('plan_actions').length / 200).toBeLessThan(12);
    const dues = rows('plan_actions').map((a) => String(a.due_date));
    expect(dues.some((d) => d < today) && dues.some((d) => d > today)).toBe(true);
  });

  it('keeps the rows consistent: columns, one open episode a family, references that exist', () => {
    for (const { table, columns } of CASEWORK_TABLES) {
      for (const row of rows(table)) expect(Object.keys(row).sort(), table).toEqual(columns.map(([c]) => c).sort());
    }
    const open = rows('episodes')
      .filter((e) => e.status === 'open')
      .map((e) => e.family_id);
    expect(new Set(open).size).toBe(open.length);
    const ids = (table: string) => new Set(rows(table).map((r) => r.id));
    const [users, episodes, plans, people] = [ids('users'), ids('episodes'), ids('plans'), ids('people')];
    expect(
      rows('episode_involvements').every((i) => users.has(i.user_id as string) && episodes.has(i.episode_id as string)),
    ).toBe(true);
    expect(rows('plan_actions').every((a) => plans.has(a.plan_id as string))).toBe(true);
    expect(rows('family_members').every((m) => people.has(m.person_id as string))).toBe(true);
    expect(new Set(rows('users').map((u) => u.email)).size).toBe(rows('users').length);
  });

  it('names a Family Solutions worker with a typical caseload to sign in as', () => {
    expect(data.worker.openFamilies.length).toBeGreaterThan(0);
    const families = new Set(rows('families').map((f) => f.id));
    expect(data.worker.openFamilies.every((f) => families.has(f))).toBe(true);
  });
});
