import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AboutYouPage, ChildrenPage, GetHelpStartPage } from './pages/family-request-pages.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';

/** Issue 17: with the ONS Postcode Directory loaded, a family need not say their area as well as their postcode. */

const ONSPD = ['pcd,pcds,doterm,oslaua,lat,long', 'CM20 1AB,CM20 1AB,,E07000073,51.770000,0.090000'].join('\n');

describe('a family leaves the area for their postcode to tell', () => {
  const journey = useJourney();

  it('marks the area optional, goes on without it, and asks only when the postcode cannot tell', async () => {
    await journey.server.services.directory.importOnsPostcodes(
      { userId: null, label: 'test set-up' },
      Readable.from([ONSPD]),
    );
    const page = await journey.newPage();
    await (await GetHelpStartPage.visit(page)).start();
    let about = await AboutYouPage.verifyOnPage(page);
    expect(await page.getByLabel('Which area do you live in? (optional)').isVisible()).toBe(true);
    await about.fill({
      name: 'Jo Smith',
      relationship: 'Parent',
      contactBy: 'email',
      email: 'jo.smith@example.com',
      address: '1 High Street\nHarlow',
      postcode: 'SS99 9ZZ',
    });
    await about.continue();
    about = await AboutYouPage.verifyOnPage(page);
    expect((await about.errors()).messages).toEqual([
      'Select the area you live in: we could not tell it from your postcode',
    ]);
    await saveScreenshot(page, 'family-about-you-area-asked');
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await saveScreenshot(page, `family-about-you-area-optional-${width}`);
    }
    await about.fill({ postcode: 'cm20 1ab' });
    await about.continue();
    await ChildrenPage.verifyOnPage(page);
  });
});
