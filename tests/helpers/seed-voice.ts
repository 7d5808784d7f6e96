import { format, subDays } from 'date-fns';
import type { Principal } from '../../src/platform/permissions/policy.ts';
import type { TestApp } from './test-app.ts';

/**
 * A row in every voice table a form fills (issue 16), entered through the service as the corporate parenting officer:
 * a Have Your Say round open around today with a response typed and one from an uploaded file, a Children in Care Council meeting, two versions of the
 * Pledge; and a TAF Support Officer's workshop in their support log.
 */
export async function seedVoiceForms(t: TestApp, now = new Date()) {
  const { db } = t.database;
  const user = async (email: string) =>
    db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const officer = await user('corporate.parenting@essex.example');
  const tafso = await user('tafso@essex.example');
  const actor = { userId: officer.id, label: 'seed-voice' };
  const me: Principal = {
    id: officer.id,
    organisationId: officer.organisation_id,
    roles: ['corporate-parenting-officer'],
    teamIds: [],
  };
  const day = (d: Date) => format(d, 'yyyy-MM-dd');
  const { surveys, meetings, promises } = t.services.voice;
  const round = await surveys.addRound(actor, me, 'have-your-say', {
    year: now.getFullYear(),
    opensOn: day(subDays(now, 30)),
    closesOn: day(subDays(now, -30)),
  });
  await surveys.addResponse(actor, me, round, {
    respondedOn: day(subDays(now, 1)),
    ageGroup: '11-13',
    answers: new Map([['listened-to', '4']]),
  });
  // A file of responses uploaded into the round (voice_imports).
  await t.services.voice.files.importFile(actor, me, round, {
    name: 'have-your-say-responses.csv',
    data: Buffer.from(`date,age_group,listened-to\n${day(subDays(now, 2))},14-15,5\n`),
  });
  await meetings.add(actor, me, {
    heldOn: day(subDays(now, 3)),
    title: 'Corporate Parenting Panel',
    decisionMakers: ['panel-member'],
    youngPeople: 4,
    raised: 'Leisure passes.',
    agreed: 'Ask every district.',
    followUp: 'Asked.',
  });
  for (const year of [now.getFullYear() - 1, now.getFullYear()])
    await promises.add(actor, me, {
      document: 'pledge',
      year,
      agreedOn: `${year - 1}-12-01`,
      agreedBy: 'Children in Care Council',
      promises: [`We will listen (${year}).`, 'We will keep in touch.'],
      whatChanged: 'A first promise about listening.',
    });
  await t.services.taf.recordEvent(
    { userId: tafso.id, label: 'seed-voice' },
    { id: tafso.id, organisationId: tafso.organisation_id, roles: ['taf-support-officer'], teamIds: [] },
    {
      eventDate: day(subDays(now, 2)),
      kind: 'workshop',
      title: 'Early Help Plans for schools',
      quadrant: 'west',
      notes: 'Good questions.',
    },
    new Map([['school', 12]]),
  );
}
