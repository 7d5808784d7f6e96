import type { Kysely } from 'kysely';
import type { Services } from '../../../app.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { CurrentUser } from '../../../platform/http/types.ts';
import type { PersonEntry } from '../answers.ts';
import type { DecisionInput } from '../hub/decisions.ts';
import { notificationSchema } from '../police/schemas.ts';

/**
 * For the indicators' tests only: requests, police notifications and Hub decisions made through the front door's own
 * services; then the moments they happened are set, as a test of a past period must (the services stamp now()).
 */

const setUp = { userId: null, label: 'indicator test' };

/** A demo user as the policy sees them, loaded as the app loads the signed-in user. */
async function userByEmail(services: Services, email: string): Promise<CurrentUser> {
  const found = (await services.users.search(email, 1)).rows[0];
  const user = found && (await services.auth.loadCurrentUser(found.id));
  if (!user) throw new Error(`No active demo user ${email}`);
  return user;
}

export interface Makers {
  /** A teacher's request about children (first name → date of birth), all with one surname, in a district. */
  request(o: {
    district: string;
    surname: string;
    children: Record<string, string>;
    receivedAt: string;
    priority?: string;
  }): Promise<string>;
  /** A police notification about one child; screened at triage unless `triage` says no further action. */
  police(o: {
    district: string;
    reference: string;
    child: [string, string, string];
    receivedAt: string;
    priority?: string;
    triage?: 'screen' | 'no-further-action';
  }): Promise<string>;
  /** A final Hub decision (made by a Hub manager, so level 4 needs no second approval), made at `decidedAt`. */
  decide(requestId: string, level: number, pathway: DecisionInput['pathway'], decidedAt: string): Promise<void>;
  /** Every person on the request linked to a new record; returns the first child's person id. */
  matchAsNew(requestId: string): Promise<string>;
  /** Every child on the request linked to this person. */
  matchTo(requestId: string, personId: string): Promise<void>;
  manager: CurrentUser;
}

export async function makers(services: Services, database: Kysely<DB>): Promise<Makers> {
  const { frontDoor, hub, police, reference } = services;
  const teacher = await userByEmail(services, 'teacher@essex.example');
  const manager = await userByEmail(services, 'hub.manager@essex.example');
  const person = (firstName: string, lastName: string, dateOfBirth: string): PersonEntry => ({
    id: newId(),
    role: 'child',
    relationship: 'son or daughter',
    firstName,
    lastName,
    dateOfBirth,
    isExpected: false,
    gender: 'not-known',
    address: '12 Mill Lane',
    postcode: 'CM20 1AA',
    school: '',
    gp: '',
    language: 'English',
    interpreterNeeded: false,
    hasSend: false,
    sendDetails: '',
  });
  const received = (id: string, at: string, priority = 'standard') =>
    database
      .updateTable('requests_for_support')
      .set({ received_at: new Date(at), priority })
      .where('id', '=', id)
      .execute();
  const request = frontDoor.request.bind(frontDoor);
  return {
    manager,
    async request(o) {
      const draftId = await frontDoor.startDraft(setUp, teacher.id);
      await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
        people: Object.entries(o.children).map(([name, dob]) => person(name, o.surname, dob)),
        district: o.district,
        worries: [{ area: 'education', details: 'Missing school most Mondays.' }],
        strengths: 'Loving family.',
        tried: { text: 'School nurse has met mum.', earlyHelpPlan: false, taf: false },
        level: { level: 2, reasons: 'More than one agency is involved.' },
        consent: { request: true, sharing: true, reason: '' },
      }));
      const sent = await frontDoor.submitPractitionerRequest(
        setUp,
        { userId: teacher.id, organisationId: teacher.organisationId, name: teacher.displayName },
        draftId,
      );
      await received(sent!.id, o.receivedAt, o.priority);
      return sent!.id;
    },
    async police(o) {
      const force = (await reference.organisations()).find((org) => org.code === 'essex-police')!;
      const [first, last, dob] = o.child;
      const item = notificationSchema(await reference.districts()).parse({
        police_reference: o.reference,
        incident_date: o.receivedAt.slice(0, 10),
        concern_category: 'domestic-abuse',
        summary: 'Officers called to an argument at home; the children were upstairs.',
        district: o.district,
        officer: { name: 'PC Amy Clarke', number: '4417' },
        children: [{ first_name: first, last_name: last, date_of_birth: dob, gender: 'F', address: '1 Elm Road' }],
      });
      const sender = { organisationId: force.id, organisationName: force.name, apiClientId: null };
      const [saved] = await police.receive(setUp, sender, [item]);
      const { version } = await database
        .selectFrom('police_notifications')
        .select('version')
        .where('request_id', '=', saved!.requestId)
        .executeTakeFirstOrThrow();
      const outcome = o.triage ?? 'screen';
      const triager = { userId: manager.id, label: 'indicator test' };
      await police.triage(triager, saved!.requestId, version, { outcome, reason: 'Parents separated; no worries.' });
      await received(saved!.requestId, o.receivedAt, o.priority);
      return saved!.requestId;
    },
    async decide(requestId, level, pathway, decidedAt) {
      const { version } = (await request(requestId))!;
      const { state } = await hub.decide(setUp, manager, requestId, version, {
        level,
        descriptors: [],
        reasons: 'Needs as the request describes them.',
        pathway,
        socialCareRoute: pathway === 'social-care' ? 'statutory-assessment' : undefined,
        familyConsent: pathway === 'family-solutions' ? true : undefined,
        leadProfessional: pathway === 'taf' ? 'Class teacher' : undefined,
        serviceIds: [],
      });
      if (state !== 'final') throw new Error(`The decision is ${state}, not final`);
      await database
        .updateTable('hub_decisions')
        .set({ decided_at: new Date(decidedAt) })
        .where('request_id', '=', requestId)
        .execute();
    },
    async matchAsNew(requestId) {
      const { people } = (await request(requestId))!;
      for (const p of people) await hub.createPersonFor(setUp, requestId, p.id);
      return (await request(requestId))!.people.find((p) => p.role === 'child')!.person_id!;
    },
    async matchTo(requestId, personId) {
      for (const p of (await request(requestId))!.people.filter((x) => x.role === 'child'))
        await hub.linkPerson(setUp, requestId, p.id, personId);
    },
  };
}
