import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { sentBackBySocialCare } from './support/hub-requests.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/sign-in.ts';
import { atBothWidths } from './support/widths.ts';

/**
 * An escalation about children's social care's "no further action" in a browser (issue 15, migration 0074): the Hub
 * manager decided a request at level 4 and social care sent it back with no further action (made through the
 * services: social-care-escalation.e2e.test.ts walks those pages). A Hub practitioner who disagrees raises an
 * escalation from the request's page (an empty form refused, what was typed kept); it is asked of the social care
 * practitioner who recorded the outcome, who finds it under "Asked of you" and answers; the Hub practitioner moves it
 * up to the managers; the Hub manager answers there and resolves it; the report counts it.
 */

const HUB = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const SOCIAL_CARE = { email: 'social.care@essex.example', name: 'Marcus Bell', password: DEMO_PASSWORD };
const HUB_MANAGER = { email: 'hub.manager@essex.example', name: 'Tom Reid', password: DEMO_PASSWORD };
const NFA_REASON = 'Injuries explained by a sports accident; the GP confirmed it.';

describe('an escalation about social care’s no further action', () => {
  const journey = useJourney();
  let sent: Awaited<ReturnType<typeof sentBackBySocialCare>>;

  beforeAll(async () => {
    sent = await sentBackBySocialCare(journey.server, SOCIAL_CARE.email, NFA_REASON);
  });

  it('raised by the Hub, answered by social care, moved up and resolved by the Hub manager', async () => {
    // The Hub practitioner finds the request back on the queue, with social care's decision and the way to disagree.
    const hub = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(hub, HUB);
    await hub.goto('/hub');
    await clickAndWait(hub, hub.locator('[data-qa=queue]').getByRole('link', { name: sent.reference }));
    expect(await hub.locator('[data-qa=social-care-nfa]').innerText()).toContain(
      'sent this back with no further action',
    );
    await atBothWidths(hub, 'nfa-escalation-request');
    await clickAndWait(hub, hub.locator('[data-qa=raise-nfa-escalation]'));
    await expectOnPage(hub, 'Raise an escalation about children’s social care’s decision');
    const facts = await hub.locator('[data-qa=no-further-action]').innerText();
    expect(facts).toContain(NFA_REASON);
    expect(facts).toContain('Marcus Bell, who recorded it');
    await atBothWidths(hub, 'nfa-escalation-new');
    // Nothing typed: refused, on the same page, with the error summary.
    await clickAndWait(hub, hub.locator('[data-qa=raise]'));
    expect(await hub.locator('.govuk-error-summary').innerText()).toContain(
      'Enter what you disagree with and what you are asking for',
    );
    await atBothWidths(hub, 'nfa-escalation-new-refused');
    const asked = 'Police have been called three times this month: please look again at the <b>injuries</b>.';
    await hub.getByLabel('What you disagree with, and what you are asking for').fill(asked);
    await clickAndWait(hub, hub.locator('[data-qa=raise]'));
    await expectOnPage(hub, `Children’s social care’s no further action on request ${sent.reference}`);
    const escalationUrl = hub.url();
    expect(await hub.locator('[data-qa=stage]').first().innerText()).toContain(asked);
    expect(await hub.locator('[data-qa=escalation-summary]').innerText()).toContain('Marcus Bell');
    await atBothWidths(hub, 'nfa-escalation-raised');

    // Social care: asked of Marcus, who recorded the outcome; he answers at the first stage.
    const care = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(care, SOCIAL_CARE);
    await clickAndWait(care, care.locator('main').getByRole('link', { name: 'Escalations' }));
    expect(await care.locator('[data-qa=escalations]').innerText()).toContain('Asked of you');
    await atBothWidths(care, 'nfa-escalations-asked-of-social-care');
    await care.goto(escalationUrl);
    await expectOnPage(care, /Children’s social care’s no further action/);
    await care
      .getByLabel('The response at this stage')
      .fill('We spoke to the GP and the school: the account is consistent. No further action stands.');
    await clickAndWait(care, care.locator('[data-qa=respond]'));
    expect(await care.locator('[data-qa=stage]').first().innerText()).toContain('No further action stands.');
    await atBothWidths(care, 'nfa-escalation-answered');

    // The Hub practitioner is not satisfied: up to the managers.
    await hub.reload();
    await hub.getByLabel(/Move up to: Managers/).fill('The call-outs were not known to the GP: managers, please.');
    await clickAndWait(hub, hub.locator('[data-qa=move-up]'));
    expect(await hub.locator('[data-qa=escalation-summary]').innerText()).toContain('Managers');

    // The Hub manager answers at the managers' stage and resolves it; the report counts it by its kind.
    const manager = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(manager, HUB_MANAGER);
    await manager.goto(escalationUrl);
    await manager
      .getByLabel('The response at this stage')
      .fill('Agreed with the social care manager: a strategy discussion after all.');
    await clickAndWait(manager, manager.locator('[data-qa=respond]'));
    await manager.getByLabel('Resolution').fill('Strategy discussion held; the Hub’s level 4 decision stands.');
    await clickAndWait(manager, manager.locator('[data-qa=resolve]'));
    expect(await manager.locator('[data-qa=escalation-summary]').innerText()).toContain('Strategy discussion held');
    await atBothWidths(manager, 'nfa-escalation-resolved');
    await manager.goto('/escalations/report');
    await expectOnPage(manager, 'How escalation is used');
    expect(await manager.locator('main').innerText()).toContain('Children’s social care’s no further action');
    await atBothWidths(manager, 'nfa-escalation-report');
  });
});
