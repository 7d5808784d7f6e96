import { demoRegister } from '../../src/demo/seed-corporate-parenting.ts';
import type { TestApp } from './test-app.ts';

/** A small register (issue 16): children in care and care leavers with placements, and the import run that made it. */
export async function seedCorporateParentingForms(t: TestApp) {
  const register = demoRegister({ children: 12, seed: 3 });
  await t.services.corporateParenting.replace({ userId: null, label: 'test' }, register, {
    fileName: 'register.csv',
    fileKind: 'csv',
    total: register.children.length,
  });
}
