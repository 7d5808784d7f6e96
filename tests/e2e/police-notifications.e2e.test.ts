import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import {
  ConsultationFormPage,
  ConsultationListPage,
  ConsultationPage,
  PoliceListPage,
  PoliceTriagePage,
  PoliceUploadPage,
} from './pages/police-and-consultation-pages.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

const HUB = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };

const CSV = [
  'police_reference,incident_date,concern_category,summary,district,officer_name,officer_number,address,postcode,child_1_first_name,child_1_last_name,child_1_date_of_birth,child_1_gender,adult_1_first_name,adult_1_last_name,adult_1_relationship',
  '42/10001/24,03/06/2024,domestic-abuse,"Verbal argument between the parents; the children were upstairs.",Chelmsford,PC Amy Clarke,4417,"12 Mill Road, Chelmsford",CM1 1QH,Lily,Turner,14/02/2016,F,Sarah,Turner,mother',
  '42/10002/24,31/06/2024,youth-crime,"Found at the station at 2am.",Narnia,PC Ben Ward,5120,"4 Elm Close, Harlow",CM20 1AA,Noah,Price,01/09/2012,M,,,',
  '42/10003/24,04/06/2024,youth-crime,"Stopped with two older boys; shoplifting.",harlow,PC Ben Ward,5120,"4 Elm Close, Harlow",CM20 1AA,Jayden,Smith,05/04/2010,M,,,',
].join('\n');

describe('a Hub practitioner deals with police notifications and records a consultation', () => {
  const journey = useJourney();
  let page: Page;

  it('uploads a CSV with a bad row and chooses to save the good rows', async () => {
    page = await journey.newPage();
    await signIn(page, HUB);
    const list = await PoliceListPage.visit(page);
    expect(await list.waiting()).toBe('0 waiting for triage');
    await list.upload();
    let upload = await PoliceUploadPage.verifyOnPage(page);
    await saveScreenshot(page, 'police-upload');
    await upload.check('Essex Police', CSV);

    upload = await PoliceUploadPage.verifyOnPage(page, 'Check the police notifications');
    expect((await upload.errors()).messages).toEqual([
      'Row 3, column incident_date: Incident date must be a real date, like 2015-03-27 or 27/03/2015',
      expect.stringMatching(/^Row 3, column district: District must be one of: basildon/),
    ]);
    expect(await upload.reportRows()).toEqual([
      '2 42/10001/24 Ready',
      expect.stringMatching(/^3 42\/10002\/24 Problem incident_date: Incident date must be a real date/),
      '4 42/10003/24 Ready',
    ]);
    expect(await upload.confirmQuestion()).toBe('Save the 2 good rows and leave out the bad ones?');
    await saveScreenshot(page, 'police-upload-report');
    await upload.saveGoodRows();

    const after = await PoliceListPage.verifyOnPage(page);
    expect((await after.flash.innerText()).trim()).toContain(
      '2 police notifications added to the queue. 1 row with problems was left out.',
    );
    expect(await after.waiting()).toBe('2 waiting for triage');
    await saveScreenshot(page, 'police-list');
  });

  it('triages one as no further action, which needs a reason', async () => {
    const list = await PoliceListPage.verifyOnPage(page);
    const [first] = await list.references();
    await list.open(first!);
    let triage = await PoliceTriagePage.verifyOnPage(page);
    await triage.triage('No further action');
    triage = await PoliceTriagePage.verifyOnPage(page);
    expect((await triage.errors()).messages).toEqual(['Enter why no further action is needed']);
    await saveScreenshot(page, 'police-triage-error');
    await triage.triage(
      'No further action',
      'A single verbal argument with no injuries; school already supports the family.',
    );
    const after = await PoliceListPage.verifyOnPage(page);
    expect((await after.flash.innerText()).trim()).toContain('No further action is recorded.');
    expect(await after.waiting()).toBe('1 waiting for triage');
  });

  it('records a consultation and links it to the request it led to', async () => {
    const [reference] = await (await PoliceListPage.verifyOnPage(page)).references();
    const list = await ConsultationListPage.visit(page);
    await list.recordNew();
    let form = await ConsultationFormPage.verifyOnPage(page);
    await form.fill({
      askerName: 'Grace Okafor',
      organisation: 'Essex schools and academies',
      childFirstName: 'Jayden',
      question: '',
      advice: 'Talk to mum about a Team Around the Family.',
      level: 'Level 2: Additional',
    });
    await form.save();
    form = await ConsultationFormPage.verifyOnPage(page);
    expect((await form.errors()).messages).toEqual([
      'Enter the child’s first and last name, or neither',
      'Enter what the practitioner asked',
    ]);
    await form.fill({
      askerName: 'Grace Okafor',
      organisation: 'Essex schools and academies',
      childFirstName: 'Jayden',
      childLastName: 'Smith',
      question: 'Jayden was stopped by the police; is this a Request for Support?',
      advice: 'Talk to mum about a Team Around the Family.',
      level: 'Level 2: Additional',
    });
    await saveScreenshot(page, 'consultation-form');
    await form.save();
    let consultation = await ConsultationPage.verifyOnPage(page, 'Grace Okafor');
    expect((await consultation.flash.innerText()).trim()).toContain('The consultation is recorded.');
    await consultation.linkTo('ZZZZ ZZZZ');
    consultation = await ConsultationPage.verifyOnPage(page, 'Grace Okafor');
    expect((await consultation.errors()).messages).toEqual([
      'There is no request with the reference ZZZZ ZZZZ: check it and try again',
    ]);
    await consultation.linkTo(reference!);
    consultation = await ConsultationPage.verifyOnPage(page, 'Grace Okafor');
    expect(await consultation.linked()).toContain(`This consultation led to request ${reference}`);
    await saveScreenshot(page, 'consultation-linked');
    await ConsultationListPage.visit(page);
    await saveScreenshot(page, 'consultation-list');
  });
});
