import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { addDays, formatDate, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { londonInstant } from '../../src/modules/early-help/taf/schemas.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** "Every day": a Family Solutions worker opens their day; their manager opens the team view. */

const MANAGER = { email: 'fs.manager@essex.example', name: 'Chris Evans', password: DEMO_PASSWORD };
const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };

class WorkerHomePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<WorkerHomePage> {
    await expectOnPage(page, 'Early help');
    return new WorkerHomePage(page);
  }

  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).innerText();
  }
}

class TeamPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<TeamPage> {
    await expectOnPage(page, 'Your team');
    return new TeamPage(page);
  }

  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

describe('the worker’s day and the manager’s team view', () => {
  const journey = useJourney();
  const today = todayInLondon();

  beforeAll(async () => {
    // Two Harlow families allocated to Jo Carter. The Bennetts have agreed and have a plan with
    // actions this week and a TAF meeting tomorrow; the Clarkes' agreement is not yet recorded.
    const { services } = journey.server;
    const manager = await userByEmail(services, MANAGER.email);
    const worker = await userByEmail(services, WORKER.email);
    const as = (u: typeof worker) => ({ userId: u.id, label: u.email });
    const harlow = async () =>
      (await services.familySolutions.allocationOverview(manager)).teams.find(
        (team) => team.name === 'Family Solutions Harlow',
      )!;
    const allocated = async (surname: string, child: string, parent: string) => {
      const item = await hubWorkItem(services, { kind: 'family-solutions', surname, children: [child], parent });
      const { familyId, episodeId } = await services.earlyHelp.startFromWorkItem(
        as(manager),
        manager,
        item.id,
        item.version,
      );
      const version = (await services.earlyHelp.episodeRow(episodeId))!.version;
      await services.familySolutions.allocate(as(manager), manager, episodeId, version, {
        teamId: (await harlow()).id,
        workerId: worker.id,
      });
      return { familyId, episodeId, members: await services.earlyHelp.membersOf(familyId) };
    };
    const bennett = await allocated('Bennett', 'Lily', 'Sarah');
    await allocated('Clarke', 'Noah', 'Emma');
    const sarah = bennett.members.find((m) => m.relationship === 'parent')!;
    await services.familySolutions.recordAgreement(as(worker), worker, bennett.episodeId, 0, {
      agreedOn: today,
      agreedBy: [sarah.person_id],
      familyAgrees: 'Lily goes to school every day.',
      serviceAgrees: 'A weekly visit.',
    });
    const planId = await services.plans.startPlan(as(worker), worker, bennett.episodeId, { startDate: today });
    const version = async () => (await services.plans.repository.plan(planId))!.version;
    const goalId = await services.plans.addGoal(as(worker), worker, planId, await version(), {
      needId: null,
      area: 'education',
      description: 'Lily gets to school every day',
      startScore: 3,
    });
    await services.plans.addAction(as(worker), worker, planId, await version(), {
      goalId,
      description: 'Visit the school with Sarah',
      who: { kind: 'practitioner', userId: worker.id },
      dueDate: addDays(today, 2),
    });
    await services.plans.addAction(as(worker), worker, planId, await version(), {
      goalId,
      description: 'Set a morning alarm',
      who: { kind: 'family-member', memberId: sarah.id },
      dueDate: today,
    });
    await services.taf.schedule(as(worker), worker, bennett.episodeId, 'upcoming', {
      startsAt: londonInstant(addDays(today, 1), '10:00'),
      online: false,
      place: 'Harlow Primary',
      userIds: [],
      emails: [],
      personIds: [sarah.person_id],
    });
  });

  it('Jo Carter sees her families, what is due and her meetings; Chris Evans sees the team', async () => {
    const page = await journey.newPage();
    const { home } = await signIn(page, WORKER);
    expect(await home.tasks.innerText()).toContain('Your early help day');
    expect(await home.tasks.innerText()).not.toContain('Your team');
    await home.openNavigation('Early help');

    const day = await WorkerHomePage.verifyOnPage(page);
    expect(await day.text('actions')).toMatch(
      /Set a morning alarm\s+Sarah Bennett\s+The Bennett family\s+[^\n]*Today[\s\S]*Visit the school with Sarah\s+You\s+The Bennett family/,
    );
    expect(await day.text('meetings')).toMatch(/The Bennett family\s+Harlow Primary/);
    expect(await day.text('no-reviews')).toContain(
      `No plan reviews are overdue or due by ${formatDate(addDays(today, 7))}`,
    );
    expect(await page.locator('[data-qa=fs-warning]').innerText()).toContain(
      'The Clarke family: record the family agreement before starting work',
    );
    expect(await day.text('my-families')).toMatch(
      /The Bennett family[\s\S]*Lead professional, Allocated worker[\s\S]*The Clarke family/,
    );
    await saveScreenshot(page, 'home-worker-day');

    const managerPage = await journey.newPage();
    const signedIn = await signIn(managerPage, MANAGER);
    expect(await signedIn.home.tasks.innerText()).toContain('Your team');
    await signedIn.home.openNavigation('Early help');
    await WorkerHomePage.verifyOnPage(managerPage);
    await clickAndWait(managerPage, managerPage.locator('[data-qa=team-link]'));
    const team = await TeamPage.verifyOnPage(managerPage);
    expect(await team.text('caseloads')).toMatch(/Jo Carter\s+2\s+2\s+0/);
    expect(await team.text('supervision-due')).toMatch(
      /The Bennett family\s+Jo Carter\s+No supervision yet[\s\S]*The Clarke family/,
    );
    expect(await team.text('no-team-reviews')).toContain('No review of your teams’ families is overdue');
    await saveScreenshot(managerPage, 'home-team-view');
  });
});
