import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/modules/front-door/rules.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Issue 17: the district was asked beside the postcode. With the ONS Postcode Directory loaded (its oslaua column),
 * a family's district comes from their postcode: a family may leave the area blank, and a practitioner finds it
 * already chosen from the children's postcodes. Without it, or for a postcode it does not know, the form asks.
 */

// Chelmsford (E07000070) and Colchester (E07000071) are Essex districts; the City of London (E09000001) is not.
const ONSPD = [
  'pcd,pcds,doterm,oslaua,lat,long',
  'CM1 1QH,CM1 1QH,,E07000070,51.734100,0.469800',
  'CO2 7DL,CO2 7DL,,E07000071,51.882000,0.902000',
  'EC1A 1BB,EC1A 1BB,,E09000001,51.520000,-0.097000',
  'CM2 9AA,CM2 9AA,,,51.720000,0.480000',
].join('\n');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const versionOf = (html: string) => /name="version" id="version" value="(\d+)"/.exec(html)?.[1] ?? '';

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const ABOUT = {
  name: 'Jo Smith',
  relationship: 'parent',
  contactBy: 'phone',
  phone: '07700 900982',
  address: '1 High Street',
  contactNotes: '',
};

async function aboutYou(form: Record<string, string>) {
  const client = new TestClient(t.app);
  await client.get('/get-help');
  await client.get('/get-help/about-you');
  return client.post('/get-help/about-you', form);
}

describe('the district from the postcode', () => {
  it('asks for the area as before while no postcode knows its district', async () => {
    expect(await t.services.frontDoor.postcodeDistricts.known()).toBe(false);
    const page = await new TestClient(t.app).get('/get-help/about-you');
    expect(page.body).toContain('Which area do you live in?');
    expect(page.body).not.toContain('(optional)</label>');
    const response = await aboutYou({ ...ABOUT, postcode: 'CM1 1QH', district: '' });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual(['Select the area you live in']);
  });

  it('reads each postcode’s district from the ONS Postcode Directory, and only the tenant’s districts count', async () => {
    await t.services.directory.importOnsPostcodes({ userId: null, label: 'test' }, Readable.from([ONSPD]));
    expect(await t.services.directory.postcodeAreas.localAuthorityOf('cm1 1qh')).toBe('E07000070');
    expect(await t.services.directory.postcodeAreas.localAuthorityOf('CM2 9AA')).toBeNull();
    const frontDoor = t.services.frontDoor;
    expect(await frontDoor.postcodeDistricts.of('CM11QH')).toBe('chelmsford');
    expect(await frontDoor.postcodeDistricts.of('CO2 7DL')).toBe('colchester');
    expect(await frontDoor.postcodeDistricts.of('EC1A 1BB')).toBeNull();
    expect(await frontDoor.postcodeDistricts.of('CM2 9AA')).toBeNull();
    expect(await frontDoor.postcodeDistricts.of('CM1')).toBeNull();
    expect(await frontDoor.postcodeDistricts.of('<b>x</b>\u0000')).toBeNull();
    expect(await frontDoor.postcodeDistricts.ofFirst([null, 'EC1A 1BB', 'CO2 7DL', 'CM1 1QH'])).toEqual({
      district: 'colchester',
      postcode: 'CO2 7DL',
    });
    expect(await frontDoor.postcodeDistricts.known()).toBe(true);
  });

  it('lets a family leave the area for the postcode to tell, and keeps an area they chose', async () => {
    const page = await new TestClient(t.app).get('/get-help/about-you');
    expect(page.body).toContain('Which area do you live in? (optional)');
    expect(page.body).toContain('we will work it out from your postcode');

    const told = await aboutYou({ ...ABOUT, postcode: 'cm1 1qh', district: '' });
    expect(told.statusCode).toBe(303);
    expect(told.headers.location).toBe('/get-help/children');

    // A family that chose an area keeps it, even where the postcode says another.
    const chose = await aboutYou({ ...ABOUT, postcode: 'CM1 1QH', district: 'colchester' });
    expect(chose.statusCode).toBe(303);

    // A postcode outside the tenant's districts, or not in the directory: the area is asked, nothing typed is lost.
    for (const postcode of ['EC1A 1BB', 'CM2 9AA']) {
      const asked = await aboutYou({ ...ABOUT, postcode, district: '' });
      expect(asked.statusCode).toBe(400);
      expect(errorSummary(asked.body)).toEqual([
        'Select the area you live in: we could not tell it from your postcode',
      ]);
      expect(asked.body).toContain(`value="${postcode}"`);
      expect(asked.body).toContain('value="Jo Smith"');
    }
  });

  it('shows a practitioner the district already chosen from a child’s postcode, saying where from', async () => {
    const teacher = await signedIn('teacher@essex.example');
    await teacher.get('/requests/new');
    const draft = String((await teacher.post('/requests/new')).headers.location);
    const add = await teacher.get(`${draft}/people/add`);
    const added = await teacher.post(`${draft}/people/add`, {
      version: versionOf(add.body),
      role: 'child',
      firstName: 'Amy',
      lastName: 'Smith',
      'dateOfBirth-day': '14',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': String(Number(todayInLondon().slice(0, 4)) - 9),
      gender: 'female',
      address: '2 Hill Road\nColchester',
      postcode: 'co2 7dl',
      school: '',
      hasSend: 'no',
    });
    expect(added.statusCode).toBe(303);

    const people = await teacher.get(`${draft}/people`);
    expect(people.body).toContain('Chosen from the postcode CO2 7DL');
    expect(people.body).toMatch(/<option value="colchester" selected>/);

    // Saving without touching the list takes the district from the postcode.
    const saved = await teacher.post(`${draft}/people`, { version: versionOf(people.body), district: '' });
    expect(saved.statusCode).toBe(303);
    const again = await teacher.get(`${draft}/people`);
    expect(again.body).toMatch(/<option value="colchester" selected>/);
    expect(again.body).not.toContain('Chosen from the postcode');
  });
});
