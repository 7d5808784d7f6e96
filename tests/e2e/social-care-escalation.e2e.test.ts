import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { addDays, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { teacherRequest } from './support/hub-requests.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/sign-in.ts';
import { atBothWidths } from './support/widths.ts';

/**
 * The level 4 hand-off and escalation in a browser (issue 15): the Hub decides level 4 with children's social care →
 * social care acknowledges it on its queue and sends it back with no further action and a reason → the Hub sees the
 * request back on its queue with the reason; social care escalates the Hub's decision to the managers and the Hub
 * manager answers; a TAF member escalates a lead professional's plan, the lead professional answers, the Family
 * Solutions manager answers at the managers' stage and the report shows both kinds.
 */

const HUB_MANAGER = { email: 'hub.manager@essex.example', name: 'Tom Reid', password: DEMO_PASSWORD };
const SOCIAL_CARE = { email: 'social.care@essex.example', name: 'Marcus Bell', password: DEMO_PASSWORD };
const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };
const FS_WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };
const FS_MANAGER = { email: 'fs.manager@essex.example', name: 'Chris Evans', password: DEMO_PASSWORD };

describe('the level 4 hand-off and escalation', () => {
  const journey = useJourney();
  let reference: string;
  let plan: { episodeId: string; planId: string };

  beforeAll(async () => {
    const { services, database } = journey.server;
    await services.directory.seedDemoServices('essex');
    reference = (await teacherRequest(services)).reference;
    // A Family Solutions family with a plan its worker leads, the teacher in its Team Around the Family.
    const worker = await userByEmail(services, FS_WORKER.email);
    const actor = { userId: worker.id, label: worker.email };
    const item = await hubWorkItem(services, {
      kind: 'family-solutions',
      surname: 'Dunmore',
      children: ['Kai'],
      parent: 'Kerry',
    });
    const { episodeId } = await services.earlyHelp.startFromWorkItem(actor, worker, item.id, item.version);
    const planId = await services.plans.startPlan(actor, worker, episodeId, { startDate: addDays(todayInLondon(), 0) });
    await agreeFamilySolutions(services, worker, episodeId);
    const teacher = await userByEmail(services, TEACHER.email);
    await database.db
      .insertInto('episode_involvements')
      .values({ id: newId(), episode_id: episodeId, user_id: teacher.id, role: 'taf-member', created_by: null })
      .execute();
    plan = { episodeId, planId };
  });

  it('the Hub decides level 4; social care acknowledges and sends it back; the Hub sees it; an escalation', async () => {
    const hub = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(hub, HUB_MANAGER);
    await hub.goto('/hub');
    await clickAndWait(hub, hub.locator('[data-qa=queue]').getByRole('link', { name: reference }));
    if (await hub.locator('[data-qa=assign-me]').count()) await clickAndWait(hub, hub.locator('[data-qa=assign-me]'));
    await clickAndWait(hub, hub.locator('[data-qa=decide]'));
    await expectOnPage(hub, 'Decide');
    await hub.getByRole('radio', { name: /^Level 4/ }).check();
    await hub.getByRole('radio', { name: 'Children’s social care (level 4)', exact: true }).check();
    await hub.getByRole('radio', { name: 'Strategy discussion' }).check();
    await hub.getByLabel('Reasons, in your words').fill('Injuries and fear of going home: a strategy discussion.');
    await clickAndWait(hub, hub.locator('[data-qa=record-decision]'));
    await expectOnPage(hub, `Request ${reference}`);

    // Children's social care: the hand-off on the intake queue, acknowledged, then no further action with a reason.
    const care = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(care, SOCIAL_CARE);
    await clickAndWait(care, care.locator('main').getByRole('link', { name: 'Level 4 hand-offs' }));
    await atBothWidths(care, 'social-care-queue');
    await clickAndWait(care, care.locator('[data-qa=handoffs]').getByRole('link', { name: `Request ${reference}` }));
    await atBothWidths(care, 'social-care-handoff');
    await clickAndWait(care, care.locator('[data-qa=acknowledge]'));
    // Social care disagrees that this is level 4: it escalates the Hub's decision straight to the managers.
    const handOffUrl = care.url();
    await clickAndWait(care, care.locator('[data-qa=raise-escalation]'));
    await expectOnPage(care, 'Raise an escalation');
    await care.getByRole('radio', { name: 'Managers', exact: true }).check();
    await care
      .getByLabel('What you disagree with, and what you are asking for')
      .fill('The injuries have an explanation: this is level 3 at most.');
    await atBothWidths(care, 'escalation-decision-new');
    await clickAndWait(care, care.locator('[data-qa=raise]'));
    await expectOnPage(care, /Hub decision on request/);
    const escalationUrl = care.url();
    await care.goto(handOffUrl);
    await care.getByRole('radio', { name: /No further action/ }).check();
    await clickAndWait(care, care.locator('[data-qa=record-outcome]'));
    expect(await care.locator('.govuk-error-summary').innerText()).toContain('Enter why there is no further action');
    await atBothWidths(care, 'social-care-outcome-refused');
    await care.getByLabel('Reason or note').fill('Injuries explained by a sports accident; the GP confirmed it.');
    await clickAndWait(care, care.locator('[data-qa=record-outcome]'));
    await atBothWidths(care, 'social-care-outcome');

    // The Hub: the request is back on its queue, the reason in its contact log.
    await hub.goto('/hub');
    await clickAndWait(hub, hub.locator('[data-qa=queue]').getByRole('link', { name: reference }));
    expect(await hub.locator('[data-qa=contacts]').innerText()).toContain('no further action at level 4');
    expect(await hub.locator('[data-qa=contacts]').innerText()).toContain('sports accident');
    await atBothWidths(hub, 'social-care-back-at-hub');

    await hub.goto('/escalations');
    await atBothWidths(hub, 'escalations-list-manager');
    await hub.goto(escalationUrl);
    await hub.getByLabel('The response at this stage').fill('We agree: the Hub will look again.');
    await clickAndWait(hub, hub.locator('[data-qa=respond]'));
    await hub.getByLabel('Resolution').fill('The Hub screened it again.');
    await clickAndWait(hub, hub.locator('[data-qa=resolve]'));
    expect(await hub.locator('[data-qa=escalation-summary]').innerText()).toContain('The Hub screened it again.');
    await atBothWidths(hub, 'escalation-decision-resolved');
  });

  it('a TAF member escalates the lead professional’s plan; the lead professional, then a manager, answer', async () => {
    const teacher = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(teacher, TEACHER);
    await teacher.goto(`/early-help/episodes/${plan.episodeId}/plan`);
    await expectOnPage(teacher, 'Early Help Plan');
    await clickAndWait(teacher, teacher.locator('[data-qa=raise-escalation]'));
    await expectOnPage(teacher, 'Raise an escalation about this plan');
    expect(await teacher.locator('[data-qa=plan]').innerText()).toContain('Jo Carter, the lead professional');
    await clickAndWait(teacher, teacher.locator('[data-qa=raise]'));
    expect(await teacher.locator('.govuk-error-summary').innerText()).toContain('Enter what you disagree with');
    await atBothWidths(teacher, 'escalation-plan-new-refused');
    await teacher
      .getByLabel('What you disagree with, and what you are asking for')
      .fill('The plan has no action for Kai’s attendance at school.');
    await clickAndWait(teacher, teacher.locator('[data-qa=raise]'));
    await expectOnPage(teacher, /Early Help Plan EHP-/);
    const escalationUrl = teacher.url();
    await atBothWidths(teacher, 'escalation-plan-raised');

    const worker = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(worker, FS_WORKER);
    await clickAndWait(worker, worker.locator('main').getByRole('link', { name: 'Escalations' }));
    expect(await worker.locator('[data-qa=escalations]').innerText()).toContain('Asked of you');
    await atBothWidths(worker, 'escalations-list-lead-professional');
    await worker.goto(escalationUrl);
    await worker
      .getByLabel('The response at this stage')
      .fill('School attendance is in goal 2; I will make it clearer.');
    await clickAndWait(worker, worker.locator('[data-qa=respond]'));

    await teacher.reload();
    await teacher.getByLabel(/Move up to: Managers/).fill('Goal 2 does not name who helps with mornings.');
    await clickAndWait(teacher, teacher.locator('[data-qa=move-up]'));

    const manager = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(manager, FS_MANAGER);
    await manager.goto(escalationUrl);
    await manager.getByLabel('The response at this stage').fill('Add a morning routine action with the school.');
    await clickAndWait(manager, manager.locator('[data-qa=respond]'));
    await atBothWidths(manager, 'escalation-plan-managers');
    await manager.goto('/escalations/report');
    await expectOnPage(manager, 'How escalation is used');
    expect(await manager.locator('[data-qa=kind-early-help-plan]').innerText()).toContain('1 raised');
    expect(await manager.locator('[data-qa=kind-hub-decision]').innerText()).toContain('1 raised, 1 resolved');
    await atBothWidths(manager, 'escalation-report');
  });
});
