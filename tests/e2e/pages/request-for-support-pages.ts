import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

/** Pages of the practitioner's Request for Support, from "Your requests" to the confirmation. */

export class YourRequestsPage extends BasePage {
  readonly sent: Locator = this.page.locator('[data-qa=sent]');

  static async verifyOnPage(page: Page): Promise<YourRequestsPage> {
    await expectOnPage(page, 'Your requests for support');
    return new YourRequestsPage(page);
  }

  async startNewRequest(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=new-request]'));
  }
}

export class TaskListPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<TaskListPage> {
    await expectOnPage(page, 'Request for Support');
    return new TaskListPage(page);
  }

  async progress(): Promise<string> {
    return (await this.page.locator('[data-qa=progress]').innerText()).trim();
  }

  async status(section: string): Promise<string> {
    const row = this.page.locator('.govuk-task-list__item').filter({ hasText: section });
    return (await row.locator('.govuk-task-list__status').innerText()).trim();
  }

  async open(section: string): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: section }));
  }
}

export interface Person {
  role?: 'A child the request is about' | 'A parent or carer' | 'Another family member or adult in the household';
  relationship?: string;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: [string, string, string];
  postcode?: string;
  school?: string;
  send?: 'Yes' | 'No';
}

export class PeoplePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<PeoplePage> {
    await expectOnPage(page, 'Children and family members');
    return new PeoplePage(page);
  }

  async addPerson(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=add-person]'));
  }

  async people(): Promise<string[]> {
    return (await this.page.locator('[data-qa=person] .govuk-summary-card__title').allInnerTexts()).map((t) =>
      t.trim(),
    );
  }

  async chooseDistrictAndContinue(district: string): Promise<void> {
    await this.page.getByLabel('Which district does the family live in?').selectOption({ label: district });
    await clickAndWait(this.page, this.page.locator('[data-qa=save]'));
  }
}

export class PersonPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<PersonPage> {
    await expectOnPage(page, /^(Add a child or family member|Change a family member|Tell us about your child)$/);
    return new PersonPage(page);
  }

  async fill(person: Person): Promise<void> {
    if (person.role) await this.page.getByRole('radio', { name: person.role, exact: true }).check();
    if (person.relationship !== undefined)
      await this.page.getByLabel('Relationship to the child').fill(person.relationship);
    if (person.firstName !== undefined) await this.page.getByLabel('First name').fill(person.firstName);
    if (person.lastName !== undefined) await this.page.getByLabel('Last name').fill(person.lastName);
    if (person.dateOfBirth) {
      const [day, month, year] = person.dateOfBirth;
      await this.page.getByLabel('Day').fill(day);
      await this.page.getByLabel('Month').fill(month);
      await this.page.getByLabel('Year').fill(year);
    }
    if (person.postcode !== undefined) await this.page.getByLabel('Postcode').fill(person.postcode);
    if (person.school !== undefined) await this.page.getByLabel('School').fill(person.school);
    if (person.send)
      await this.page
        .getByRole('group', { name: /special educational needs/i })
        .getByLabel(person.send, { exact: true })
        .check();
  }

  async save(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('button', { name: /^(Save and continue|Continue)$/ }));
  }
}

/** One of the single-form sections: worries, strengths, tried, level, consent. */
export class SectionPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<SectionPage> {
    await expectOnPage(page, heading);
    return new SectionPage(page);
  }

  async tick(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  /** Fills the visible box with this label (a ticked worry reveals its own "Tell us more"). */
  async fill(label: string | RegExp, text: string): Promise<void> {
    await this.page.getByLabel(label).filter({ visible: true }).fill(text);
  }

  async choose(question: string, answer: string): Promise<void> {
    await this.page.getByRole('group', { name: question }).getByLabel(answer, { exact: true }).check();
  }

  async save(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('button', { name: /^(Save and continue|Continue)$/ }));
  }
}

export class CheckAnswersPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<CheckAnswersPage> {
    await expectOnPage(page, /^Check your answers before sending/);
    return new CheckAnswersPage(page);
  }

  async answer(key: string): Promise<string> {
    const exactly = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const row = this.page
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: exactly }) })
      .first();
    return (await row.locator('.govuk-summary-list__value').innerText()).trim();
  }

  async flags(): Promise<string[]> {
    return (await this.page.locator('[data-qa=flag] .govuk-warning-text__text').allInnerTexts()).map((t) =>
      t.replace(/^Note\s*/, '').trim(),
    );
  }

  async change(what: string): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: `Change ${what}`, exact: true }).first());
  }

  async send(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=send]'));
  }
}

export class RequestSentPage extends BasePage {
  static async verifyOnPage(page: Page, heading: 'Request sent' | 'We have your request'): Promise<RequestSentPage> {
    await expectOnPage(page, heading);
    return new RequestSentPage(page);
  }

  async reference(): Promise<string> {
    return (await this.page.locator('[data-qa=reference]').innerText()).trim();
  }
}

/** The Hub's queue, as far as a level change needs it: the Kind filter and the rows. */
export class HubQueuePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<HubQueuePage> {
    await expectOnPage(page, 'Hub queue');
    return new HubQueuePage(page);
  }

  async filterByKind(kind: 'New request' | 'Step up' | 'Step down'): Promise<void> {
    await this.page.getByRole('group', { name: 'Kind' }).getByLabel(kind, { exact: true }).check();
    await clickAndWait(this.page, this.page.locator('[data-qa=apply-filters]'));
  }

  async rows(): Promise<string[]> {
    return (await this.page.locator('[data-qa=queue-item]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async open(reference: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=queue]').getByRole('link', { name: reference }));
  }
}

export class HubRequestPage extends BasePage {
  static async verifyOnPage(page: Page, reference: string): Promise<HubRequestPage> {
    await expectOnPage(page, `Request ${reference}`);
    return new HubRequestPage(page);
  }

  /** The step up or down card: its rows as key → value. */
  async levelChange(): Promise<Record<string, string>> {
    const card = this.page.locator('[data-qa=level-change]');
    const keys = await card.locator('.govuk-summary-list__key').allInnerTexts();
    const values = await card.locator('.govuk-summary-list__value').allInnerTexts();
    return Object.fromEntries(keys.map((k, i) => [k.trim(), (values[i] ?? '').trim()]));
  }
}
