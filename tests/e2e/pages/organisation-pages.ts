import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class OrganisationsPage extends BasePage {
  readonly table: Locator = this.page.locator('[data-qa=organisations-table]');

  static async verifyOnPage(page: Page): Promise<OrganisationsPage> {
    await expectOnPage(page, 'Organisations');
    return new OrganisationsPage(page);
  }

  async open(name: string): Promise<void> {
    await clickAndWait(this.page, this.table.getByRole('link', { name, exact: true }));
  }
}

export class OrganisationPage extends BasePage {
  readonly teams: Locator = this.page.locator('[data-qa=teams-table]');

  static async verifyOnPage(page: Page, name: string): Promise<OrganisationPage> {
    await expectOnPage(page, name);
    return new OrganisationPage(page);
  }

  async addTeam(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Add a team' }));
  }

  async changeTeam(name: string): Promise<void> {
    await clickAndWait(this.page, this.teams.getByRole('link', { name: `Change ${name}` }));
  }
}

export class TeamFormPage extends BasePage {
  static async verifyOnPage(page: Page, heading: 'Add a team' | 'Change team'): Promise<TeamFormPage> {
    await expectOnPage(page, heading);
    return new TeamFormPage(page);
  }

  async fill(details: { name?: string; code?: string; districts?: string[] }): Promise<void> {
    if (details.name !== undefined) await this.page.getByLabel('Team name').fill(details.name);
    if (details.code !== undefined) await this.page.getByLabel('Short code').fill(details.code);
    for (const district of details.districts ?? []) await this.page.getByLabel(district, { exact: true }).check();
  }

  async submit(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('button', { name: /^(Add team|Save changes)$/ }));
  }
}

export class AuditTrailPage extends BasePage {
  readonly table: Locator = this.page.locator('[data-qa=audit-table]');

  static async verifyOnPage(page: Page): Promise<AuditTrailPage> {
    await expectOnPage(page, 'Audit trail');
    return new AuditTrailPage(page);
  }

  async filter(action: string): Promise<void> {
    await this.page.getByLabel('Show only actions starting with').fill(action);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Filter' }));
  }

  async actions(): Promise<string[]> {
    return this.table.locator('tbody tr td:nth-child(3)').allInnerTexts();
  }
}
