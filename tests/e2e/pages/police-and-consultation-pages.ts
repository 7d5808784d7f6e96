import type { Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

/** The Hub's police notification pages (list, upload, triage) and consultation pages. */

export class PoliceListPage extends BasePage {
  static async visit(page: Page): Promise<PoliceListPage> {
    await page.goto('/hub/police');
    return PoliceListPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<PoliceListPage> {
    await expectOnPage(page, 'Police notifications');
    return new PoliceListPage(page);
  }

  async waiting(): Promise<string> {
    return (await this.page.locator('[data-qa=count]').innerText()).trim();
  }

  async upload(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=upload]'));
  }

  async open(reference: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=notification]').getByRole('link', { name: reference }));
  }

  async references(): Promise<string[]> {
    return this.page.locator('[data-qa=notification] a').allInnerTexts();
  }
}

export class PoliceUploadPage extends BasePage {
  static async verifyOnPage(page: Page, heading = 'Upload police notifications'): Promise<PoliceUploadPage> {
    await expectOnPage(page, heading);
    return new PoliceUploadPage(page);
  }

  async check(force: string, csv: string): Promise<void> {
    await this.page.getByLabel('Police force').selectOption({ label: force });
    await this.page.locator('[data-qa=csv]').fill(csv);
    await clickAndWait(this.page, this.page.locator('[data-qa=check]'));
  }

  async reportRows(): Promise<string[]> {
    return (await this.page.locator('[data-qa=report-row]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async confirmQuestion(): Promise<string> {
    return (await this.page.locator('[data-qa=confirm] h2').innerText()).trim();
  }

  async saveGoodRows(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=save-good]'));
  }
}

export class PoliceTriagePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<PoliceTriagePage> {
    await expectOnPage(page, /^Police notification /);
    return new PoliceTriagePage(page);
  }

  async triage(
    outcome: 'No further action' | 'Pass to the worker already involved' | 'Screen',
    reason = '',
  ): Promise<void> {
    await this.page.getByLabel(outcome, { exact: true }).check();
    await this.page.getByLabel('Why no further action is needed').fill(reason);
    await clickAndWait(this.page, this.page.locator('[data-qa=save-triage]'));
  }
}

export class ConsultationListPage extends BasePage {
  static async visit(page: Page): Promise<ConsultationListPage> {
    await page.goto('/hub/consultations');
    await expectOnPage(page, 'Consultations');
    return new ConsultationListPage(page);
  }

  async recordNew(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=new-consultation]'));
  }
}

export interface ConsultationAnswers {
  askerName: string;
  organisation: string;
  childFirstName?: string;
  childLastName?: string;
  question: string;
  advice: string;
  level: string;
}

export class ConsultationFormPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ConsultationFormPage> {
    await expectOnPage(page, 'Record a consultation');
    return new ConsultationFormPage(page);
  }

  async fill(a: ConsultationAnswers): Promise<void> {
    await this.page.getByLabel('Practitioner’s name').fill(a.askerName);
    await this.page.getByLabel('Their organisation', { exact: true }).selectOption({ label: a.organisation });
    await this.page.getByLabel('Child’s first name').fill(a.childFirstName ?? '');
    await this.page.getByLabel('Child’s last name').fill(a.childLastName ?? '');
    await this.page.getByLabel('What they asked').fill(a.question);
    await this.page.getByLabel('The advice the Hub gave').fill(a.advice);
    await this.page.getByLabel(a.level).check();
  }

  async save(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=save-consultation]'));
  }
}

export class ConsultationPage extends BasePage {
  static async verifyOnPage(page: Page, asker: string): Promise<ConsultationPage> {
    await expectOnPage(page, `Consultation with ${asker}`);
    return new ConsultationPage(page);
  }

  async linkTo(reference: string): Promise<void> {
    await this.page.locator('#reference').fill(reference);
    await clickAndWait(this.page, this.page.locator('[data-qa=link]'));
  }

  async linked(): Promise<string> {
    return (await this.page.locator('[data-qa=linked]').innerText()).trim();
  }
}
