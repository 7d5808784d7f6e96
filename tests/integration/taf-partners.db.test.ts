import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import type { CurrentUser } from '../../src/platform/http/types.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TafProblems, type TafService } from '../../src/modules/early-help/taf/service.ts';
import type { PartnerInput } from '../../src/modules/early-help/taf/partner-schemas.ts';
import type { MeetingInput } from '../../src/modules/early-help/taf/schemas.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Practitioners in a family's Team Around the Family without a Hearth account (issue 17, item 11): added by the
 * lead professional, invited to meetings by an email that names nobody in the family, told of changes and
 * cancellations, in the invitees and attendance, and never let into the record.
 */

let t: TestApp;
let taf: TafService;
let worker: CurrentUser;
let teacher: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await createTestApp();
  taf = t.services.taf;
  worker = await userByEmail(t.services, 'fs.worker@essex.example');
  teacher = await userByEmail(t.services, 'teacher@essex.example');
});
afterAll(() => t?.close());

/** A family the Family Solutions worker leads, with a need whose words must never leave Hearth by email. */
async function family(surname: string) {
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname,
    children: ['Poppy'],
    parent: 'Dawn',
  });
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    actorFor(worker),
    worker,
    item.id,
    item.version,
  );
  const members = await t.services.earlyHelp.membersOf(familyId);
  return { familyId, episodeId, personIds: members.map((m) => m.person_id) };
}
const meeting = (fields: Partial<MeetingInput> = {}): MeetingInput => ({
  startsAt: new Date(Date.now() + 7 * DAY),
  online: false,
  place: 'Harlow Primary, meeting room 2',
  userIds: [],
  emails: [],
  personIds: [],
  ...fields,
});
const nurse = (fields: Partial<PartnerInput> = {}): PartnerInput => ({
  name: 'Amina Hussain',
  role: 'School nurse',
  organisationId: null,
  organisationName: 'Essex Child and Family Wellbeing Service',
  email: 'amina.hussain@nhs.example',
  phone: '01632 960 001',
  meetingIds: [],
  ...fields,
});
const outbox = (to: string) =>
  t.database.db.selectFrom('notify_outbox').selectAll().where('recipient', '=', to).orderBy('created_at').execute();
const auditActions = async (subjectId: string) =>
  (
    await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', subjectId)
      .orderBy('id')
      .execute()
  ).map((e) => e.action);

/** Nothing about the family in an email: no surname, child's or parent's name, address, or the worries' words. */
async function expectNothingAboutTheFamily(
  email: { subject: string; body: string },
  f: { familyId: string; episodeId: string },
  surname: string,
) {
  const needs = await t.services.earlyHelp.needsOf([f.episodeId]);
  expect(needs.length).toBeGreaterThan(0);
  const text = `${email.subject}\n${email.body}`.toLowerCase();
  for (const word of [
    surname,
    'Poppy',
    'Dawn',
    'CM20',
    'worr',
    f.familyId,
    '/families/',
    '/early-help/',
    ...needs.map((n) => n.description),
  ])
    expect(text, `the email says "${word}"`).not.toContain(word.toLowerCase());
}

describe('adding a practitioner without a Hearth account', () => {
  it('records them on the episode, invites them to the meetings chosen by an email naming nobody, and audits it', async () => {
    const f = await family('Quennell');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      meeting({ personIds: f.personIds }),
    );
    const added = await taf.addPartner(actorFor(worker), worker, f.episodeId, nurse({ meetingIds: [meetingId] }));
    expect(added.invited.map((m) => m.id)).toEqual([meetingId]);

    const [email] = await outbox('amina.hussain@nhs.example');
    expect(email!.template).toBe('taf-partner-invitation');
    expect(email!.body).toContain('Dear Amina Hussain');
    expect(email!.body).toContain('Where: Harlow Primary, meeting room 2');
    expect(email!.body).toMatch(/Date and time: \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}[ap]m/);
    // The lead professional's name and contact.
    expect(email!.body).toContain('The lead professional is:\nJo Carter');
    expect(email!.body).toContain('fs.worker@essex.example');
    await expectNothingAboutTheFamily(email!, f, 'Quennell');

    // In the invitees, marked as without an account; not a user, not involved: no access to the record.
    const shown = (await taf.meeting(worker, meetingId))!;
    expect(shown.invitees.find((i) => i.noAccount)).toMatchObject({
      name: 'Amina Hussain',
      organisation_name: 'Essex Child and Family Wellbeing Service',
    });
    expect(
      await t.database.db.selectFrom('users').select('id').where('email', '=', 'amina.hussain@nhs.example').execute(),
    ).toEqual([]);
    expect((await t.services.earlyHelp.involvementsOfEpisodes([f.episodeId])).map((i) => i.email)).not.toContain(
      'amina.hussain@nhs.example',
    );
    expect(await auditActions(f.familyId)).toEqual(
      expect.arrayContaining(['early-help.taf-partner.added', 'early-help.taf-partner.invited']),
    );
    // The family's page lists them; the next meeting can invite them too.
    const record = (await t.services.earlyHelp.family(worker, f.familyId))!;
    expect(record.episodes[0]!.partners.map((p) => [p.name, p.role])).toEqual([['Amina Hussain', 'School nurse']]);
    expect((await taf.inviteOptions(f.episodeId, f.familyId)).partners.map((p) => p.email)).toEqual([
      'amina.hussain@nhs.example',
    ]);
  });

  it('refuses a duplicate email (whatever its case), a Hearth user’s email, an unknown organisation and a meeting not to come, all at once', async () => {
    const f = await family('Rowntree');
    await taf.addPartner(actorFor(worker), worker, f.episodeId, nurse());
    const refused = await taf
      .addPartner(
        actorFor(worker),
        worker,
        f.episodeId,
        nurse({ email: 'amina.hussain@nhs.example', organisationId: 'not-an-id', meetingIds: ['nope'] }),
      )
      .catch((e: unknown) => e);
    expect((refused as TafProblems).problems).toEqual([
      { field: 'organisationId', text: 'Select their organisation from the list' },
      { field: 'email', text: 'Amina Hussain (amina.hussain@nhs.example) is already in the Team Around the Family' },
      { field: 'meetings', text: 'Choose meetings from the list of those still to come' },
    ]);
    const user = await taf
      .addPartner(actorFor(worker), worker, f.episodeId, nurse({ email: 'teacher@essex.example' }))
      .catch((e: unknown) => e);
    expect((user as TafProblems).problems[0]!.text).toMatch(/uses Hearth with this email address/);
    // The same email in another family's TAF is a different membership.
    const other = await family('Sallow');
    await expect(taf.addPartner(actorFor(worker), worker, other.episodeId, nurse())).resolves.toMatchObject({
      name: 'Amina Hussain',
    });
  });

  it('makes one member from ten saves at once, even without a form key', async () => {
    const f = await family('Tolland');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        taf.addPartner(actorFor(worker), worker, f.episodeId, nurse({ email: 'gp@surgery.example' })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TafProblems);
    expect(await taf.repository.partnersOf(f.episodeId)).toHaveLength(1);
  });

  it('only the family’s editors add and remove: a TAF member and an uninvolved practitioner are refused', async () => {
    const f = await family('Upward');
    await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      meeting({ emails: ['teacher@essex.example'] }),
    );
    await expect(taf.addPartner(actorFor(teacher), teacher, f.episodeId, nurse())).rejects.toThrow(
      /Only the lead professional/,
    );
    const police = await userByEmail(t.services, 'police@essex.example');
    await expect(taf.addPartner(actorFor(police), police, f.episodeId, nurse())).rejects.toThrow(
      /Only the lead professional/,
    );
    const { id } = await taf.addPartner(actorFor(worker), worker, f.episodeId, nurse());
    await expect(taf.removePartner(actorFor(teacher), teacher, id)).rejects.toThrow(/Only the lead professional/);
    expect(await auditActions(f.familyId)).toContain('permission.denied');
  });
});

describe('meetings with practitioners without an account', () => {
  it('emails them a changed time or place, and a cancellation, with nothing about the family', async () => {
    const f = await family('Vickers');
    const partner = await taf.addPartner(
      actorFor(worker),
      worker,
      f.episodeId,
      nurse({ email: 'vickers.nurse@nhs.example' }),
    );
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      meeting({ partnerIds: [partner.id], emails: ['teacher@essex.example'] }),
    );
    const later = new Date(Date.now() + 9 * DAY);
    expect(
      await taf.changeTimeOrPlace(actorFor(worker), worker, meetingId, {
        version: 1,
        startsAt: later,
        online: true,
        place: null,
      }),
    ).toBe(true);
    await taf.cancel(actorFor(worker), worker, meetingId, 2, 'Dawn Vickers is unwell.');
    const emails = await outbox('vickers.nurse@nhs.example');
    expect(emails.map((e) => e.template)).toEqual([
      'taf-partner-invitation',
      'taf-partner-changed',
      'taf-partner-cancelled',
    ]);
    expect(emails[1]!.body).toContain('Where: Online. Jo Carter will send you how to join.');
    for (const e of emails) await expectNothingAboutTheFamily(e, f, 'Vickers');
    expect((await outbox('teacher@essex.example')).map((e) => e.template)).toEqual(
      expect.arrayContaining(['taf-meeting-changed', 'taf-meeting-cancelled']),
    );
    expect(await auditActions(f.familyId)).toContain('early-help.taf-meeting.changed');
  });

  it('tells them when closing early help cancels the meetings still to come', async () => {
    const f = await family('Whitlock');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      meeting({ personIds: f.personIds }),
    );
    await taf.addPartner(
      actorFor(worker),
      worker,
      f.episodeId,
      nurse({ email: 'hv@nhs.example', meetingIds: [meetingId] }),
    );
    const episode = (await t.services.earlyHelp.episodeRow(f.episodeId))!;
    const needs = await t.services.earlyHelp.needsOf([f.episodeId]);
    await t.services.earlyHelp.close(actorFor(worker), worker, f.episodeId, episode.version, {
      reason: 'needs-met',
      outcomes: Object.fromEntries(needs.map((n) => [n.id, 'achieved'])),
    });
    const emails = await outbox('hv@nhs.example');
    expect(emails.map((e) => e.template)).toEqual(['taf-partner-invitation', 'taf-partner-cancelled']);
    await expectNothingAboutTheFamily(emails[1]!, f, 'Whitlock');
  });

  it('records their attendance with everyone else’s, and taking them out withdraws only meetings to come', async () => {
    const f = await family('Yardley');
    const partner = await taf.addPartner(
      actorFor(worker),
      worker,
      f.episodeId,
      nurse({ email: 'yardley.nurse@nhs.example' }),
    );
    const held = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'held',
      meeting({ startsAt: new Date(Date.now() - DAY), partnerIds: [partner.id], personIds: [f.personIds[0]!] }),
    );
    // A meeting recorded after it happened emails nobody.
    expect(await outbox('yardley.nurse@nhs.example')).toEqual([]);
    const invitees = await taf.repository.invitees(held);
    const attendance = Object.fromEntries(invitees.map((i) => [i.id, i.partner_id ? 'apologies' : 'attended']));
    await taf.recordMeeting(actorFor(worker), worker, held, {
      version: 1,
      notes: 'Went through the plan.',
      decisions: [],
      actionUpdates: null,
      planVersion: null,
      actionChanges: [],
      nextReviewDate: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
      leadUserId: null,
      attendance,
    });
    const shown = (await taf.meeting(worker, held))!;
    expect(shown.invitees.find((i) => i.noAccount)).toMatchObject({
      name: 'Amina Hussain',
      attendanceName: 'Sent apologies',
    });

    const upcoming = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      meeting({ partnerIds: [partner.id] }),
    );
    await taf.removePartner(actorFor(worker), worker, partner.id);
    expect((await taf.repository.invitees(upcoming)).some((i) => i.partner_id)).toBe(false);
    expect((await taf.repository.invitees(held)).find((i) => i.partner_id)?.attendance).toBe('apologies');
    expect((await outbox('yardley.nurse@nhs.example')).map((e) => e.template)).toEqual([
      'taf-partner-invitation',
      'taf-partner-withdrawn',
    ]);
    expect(await auditActions(f.familyId)).toContain('early-help.taf-partner.removed');
    await expect(taf.removePartner(actorFor(worker), worker, partner.id)).rejects.toThrow(
      'They are no longer in the TAF',
    );
  });
});

describe('the pages', () => {
  async function signedIn(email: string) {
    const c = new TestClient(t.app);
    await c.get('/sign-in');
    expect((await c.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
    return c;
  }
  const keyOn = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)?.[1];

  it('shows every problem at once keeping what was typed, refuses NUL and markup names, and makes one member from ten submits', async () => {
    const f = await family('Zeal');
    const client = await signedIn('fs.worker@essex.example');
    const path = `/early-help/episodes/${f.episodeId}/taf/partners/new`;
    const page = await client.get(path);
    expect(page.statusCode).toBe(200);
    const bad = await client.post(path, {
      submissionKey: keyOn(page.body)!,
      name: '<b>Amina</b>',
      role: '',
      organisationId: '',
      organisationName: '',
      email: 'amina at nhs',
      phone: '12ab',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Their full name must only include letters, spaces, hyphens and apostrophes',
      'Enter their role, like school nurse or health visitor',
      'Select their organisation, or enter its name if it is not in the list',
      'Enter an email address in the correct format, like name@example.com',
      'Enter a phone number, like 01632 960 001 or 07700 900 982',
    ]);
    expect(bad.body).toContain('value="amina at nhs"');
    expect(bad.body).not.toContain('<b>Amina</b>');
    const long = await client.post(path, {
      name: 'A'.repeat(101),
      role: 'R'.repeat(101),
      organisationName: 'x',
      email: `${'a'.repeat(250)}@x.example`,
    });
    expect(errorSummary(long.body)).toEqual([
      'Their full name must be 100 characters or fewer',
      'Their role must be 100 characters or fewer',
      'Their email address must be 254 characters or fewer',
    ]);
    expect(
      (await client.post(path, { name: 'Ami\u0000na', role: 'x', organisationName: 'x', email: 'a@b.example' }))
        .statusCode,
    ).toBe(400);

    const fresh = await client.get(path);
    const form = {
      submissionKey: keyOn(fresh.body)!,
      name: 'Amina Hussain',
      role: 'School nurse',
      organisationId: '',
      organisationName: 'Essex Child and Family Wellbeing Service',
      email: 'Amina.Hussain@NHS.example',
      phone: '',
    };
    const sent = await Promise.all(Array.from({ length: 10 }, () => client.post(path, form)));
    for (const r of sent) expect([303, 409]).toContain(r.statusCode);
    expect(await taf.repository.partnersOf(f.episodeId)).toMatchObject([{ email: 'amina.hussain@nhs.example' }]);
    const familyPage = await client.get(`/families/${f.familyId}`);
    expect(familyPage.body).toContain('In the Team Around the Family without a Hearth account');
    expect(familyPage.body).toContain('Amina Hussain');
  });

  it('refuses the forms to a TAF member and to someone uninvolved, and the remove page to other families’ editors', async () => {
    const f = await family('Abbot');
    await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      meeting({ emails: ['teacher@essex.example'] }),
    );
    const { id } = await taf.addPartner(actorFor(worker), worker, f.episodeId, nurse());
    const teacherClient = await signedIn('teacher@essex.example');
    expect((await teacherClient.get(`/early-help/episodes/${f.episodeId}/taf/partners/new`)).statusCode).toBe(403);
    expect((await teacherClient.post(`/early-help/taf-partners/${id}/remove`, {})).statusCode).toBe(403);
    const police = await signedIn('police@essex.example');
    expect((await police.get(`/early-help/taf-partners/${id}/remove`)).statusCode).toBe(403);
    const unknown = await (
      await signedIn('fs.worker@essex.example')
    ).get('/early-help/taf-partners/00000000-0000-4000-8000-000000000000/remove');
    expect(unknown.statusCode).toBe(404);
    expect(await taf.repository.partnersOf(f.episodeId)).toHaveLength(1);
  });

  it('lists for administrators, and only them, who was invited without an account, with nothing about the families', async () => {
    const f = await family('Beckwith');
    await taf.addPartner(
      actorFor(worker),
      worker,
      f.episodeId,
      nurse({ name: 'Tariq Aziz', role: 'GP', email: 'tariq.aziz@gp.example' }),
    );
    const admin = await signedIn('admin@essex.example');
    const list = await admin.get('/admin/practitioners-without-accounts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('tariq.aziz@gp.example');
    expect(list.body).not.toContain('Beckwith');
    const create = /href="(\/admin\/users\/new\?[^"]*tariq[^"]*)"/.exec(list.body)![1]!.replaceAll('&amp;', '&');
    const form = await admin.get(create);
    expect(form.body).toContain('value="Tariq Aziz"');
    expect(form.body).toContain('value="tariq.aziz@gp.example"');
    expect(
      (await (await signedIn('fs.worker@essex.example')).get('/admin/practitioners-without-accounts')).statusCode,
    ).toBe(403);
  });

  it('the change of time or place starts from the meeting as it is, answers bad input with messages, and emails nobody for no change', async () => {
    const f = await family('Cartwright');
    // On a whole minute, as the forms make them.
    const startsAt = new Date(Math.floor((Date.now() + 7 * DAY) / 60_000) * 60_000);
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      meeting({ startsAt, emails: ['teacher@essex.example'] }),
    );
    const client = await signedIn('fs.worker@essex.example');
    const path = `/early-help/meetings/${meetingId}/change`;
    const form = await client.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Harlow Primary, meeting room 2"');
    const past = new Date(Date.now() - 2 * DAY);
    const bad = await client.post(path, {
      version: '1',
      'date-day': String(past.getUTCDate()),
      'date-month': String(past.getUTCMonth() + 1),
      'date-year': String(past.getUTCFullYear()),
      time: 'teatime',
      where: 'in-person',
      place: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Enter the time the meeting starts, like 9:30am or 2pm',
      'Enter where the meeting is',
    ]);
    expect((await client.post(path, {})).statusCode).toBe(400);
    const before = (await outbox('teacher@essex.example')).length;
    const m = (await taf.repository.meeting(meetingId))!;
    const same = await client.post(path, {
      version: String(m.version),
      'date-day': /name="date-day"[^>]*value="(\d+)"/.exec(form.body)![1]!,
      'date-month': /name="date-month"[^>]*value="(\d+)"/.exec(form.body)![1]!,
      'date-year': /name="date-year"[^>]*value="(\d+)"/.exec(form.body)![1]!,
      time: /name="time"[^>]*value="([^"]+)"/.exec(form.body)![1]!,
      where: 'in-person',
      place: 'Harlow Primary, meeting room 2',
    });
    expect(same.statusCode).toBe(303);
    expect((await outbox('teacher@essex.example')).length).toBe(before);
    // Someone else's change meanwhile: nothing saved, told so.
    const stale = await client.post(path, {
      version: '99',
      'date-day': '1',
      'date-month': '1',
      'date-year': '2099',
      time: '10am',
      where: 'online',
      place: '',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(/Someone else changed this meeting/);
  });
});
