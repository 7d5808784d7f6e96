import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TENANTS_DIR } from '../../src/modules/reference/tenant-config.ts';

/**
 * The performance framework names the plan's priorities and outcomes by the plan's own codes (issue 14): every group
 * of indicators under a plan version ('2020/send') is an item of that version in the tenant's plan file, so a board
 * reading the figures by priority reads the plan's priorities.
 */
const read = async (file: string) => JSON.parse(await readFile(`${TENANTS_DIR}/essex/${file}`, 'utf8')) as unknown;

function codesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) codesIn(v, into);
  else if (value && typeof value === 'object') {
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string') into.add(code);
    for (const v of Object.values(value)) codesIn(v, into);
  }
  return into;
}

describe('the Essex indicators and the Essex plan', () => {
  it('name the same priorities and outcomes', async () => {
    const [indicators, plan] = await Promise.all([read('indicators.json'), read('plan.json')]);
    const planCodes = codesIn(plan);
    const versions = [...planCodes].filter((c) => !c.includes('/'));
    const groups = (indicators as { groups: { code: string }[] }).groups.map((g) => g.code);
    const ofThePlan = groups.filter((g) => versions.includes(g.split('/')[0]!));
    expect(ofThePlan.length).toBeGreaterThan(10);
    expect(ofThePlan.filter((g) => !planCodes.has(g))).toEqual([]);
  });
});
