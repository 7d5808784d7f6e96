import type { Services } from '../../app.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { newId } from '../../platform/db/ids.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import type { PersonEntry } from '../front-door/index.ts';

/**
 * For tests only (db, HTTP and browser): Hub work made the way the Hub makes it — a teacher's
 * Request for Support, every person linked to a new record, and a final decision — through the
 * front door's own services, so early help is tested against the real hand-over.
 */

const setUp = { userId: null, label: 'test set-up' };

/** A user as the policy sees them, loaded as the app loads the signed-in user. */
export async function userByEmail(services: Services, email: string): Promise<CurrentUser> {
  const found = (await services.users.search(email, 1)).rows[0];
  if (!found) throw new Error(`No demo user ${email}`);
  const user = await services.auth.loadCurrentUser(found.id);
  if (!user) throw new Error(`${email} is not active`);
  return user;
}

export interface WorkItemOptions {
  kind: 'taf' | 'family-solutions';
  level?: number;
  district?: string;
  /** Children and a parent, by first name; all share the surname. */
  surname: string;
  children: string[];
  parent?: string;
  /** Leave the people unlinked, as a Hub that has not yet matched them would. */
  unlinked?: boolean;
}

/** Returns the open work item the decision handed on (id, version, request id, reference). */
export async function hubWorkItem(services: Services, options: WorkItemOptions) {
  const { frontDoor, hub } = services;
  const teacher = await userByEmail(services, 'teacher@essex.example');
  const screener = await userByEmail(services, 'hub.practitioner@essex.example');
  const level = options.level ?? (options.kind === 'family-solutions' ? 3 : 2);
  const person = (
    role: PersonEntry['role'],
    firstName: string,
    dateOfBirth: string,
    relationship: string,
  ): PersonEntry => ({
    id: newId(),
    role,
    relationship,
    firstName,
    lastName: options.surname,
    dateOfBirth,
    isExpected: false,
    gender: 'not-known',
    address: '12 Mill Lane, Harlow',
    postcode: 'CM20 1AA',
    school: role === 'child' ? 'Harlow Primary' : '',
    gp: '',
    language: 'English',
    interpreterNeeded: false,
    hasSend: false,
    sendDetails: '',
  });
  const people = [
    ...options.children.map((name, i) => person('child', name, `201${4 + i}-0${3 + i}-1${i}`, 'son or daughter')),
    ...(options.parent ? [person('parent-carer', options.parent, '1988-06-21', 'mother')] : []),
  ];
  const draftId = await frontDoor.startDraft(setUp, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people,
    district: options.district ?? 'harlow',
    worries: [
      { area: 'education', details: 'Missing school most Mondays.' },
      { area: 'housing', details: 'Rent arrears; a notice to leave is feared.' },
    ],
    strengths: 'Loving family; mum is keen to get help.',
    tried: { text: 'School nurse has met mum twice.', earlyHelpPlan: false, taf: false },
    level: { level, reasons: 'Needs are growing and more than one agency is involved.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const sent = await frontDoor.submitPractitionerRequest(
    setUp,
    { userId: teacher.id, organisationId: teacher.organisationId, name: teacher.displayName },
    draftId,
  );
  const requestId = sent!.id;
  if (!options.unlinked) {
    const request = await frontDoor.request(requestId);
    for (const p of request!.people) await hub.createPersonFor(setUp, requestId, p.id);
  }
  const version = (await frontDoor.request(requestId))!.version;
  await hub.decide(setUp, screener, requestId, version, {
    level,
    descriptors: [],
    reasons: 'Several needs; the family agree to help.',
    pathway: options.kind,
    familyConsent: options.kind === 'family-solutions' ? true : undefined,
    leadProfessional: options.kind === 'taf' ? 'Class teacher' : undefined,
    serviceIds: [],
  });
  const item = (await hub.openWorkItems(options.kind)).find((w) => w.request_id === requestId);
  if (!item) throw new Error('The decision handed on no work item');
  return { ...item, requestId, reference: sent!.reference };
}

/**
 * Records a Family Solutions family agreement with every adult of the family, today, as `viewer` (the
 * allocated worker): work such as the plan's goals and actions is refused until it exists.
 */
export async function agreeFamilySolutions(services: Services, viewer: CurrentUser, episodeId: string): Promise<void> {
  const actor = { userId: viewer.id, label: 'test set-up' };
  const { adults } = await services.familySolutions.agreementForm(actor, viewer, episodeId);
  await services.familySolutions.recordAgreement(actor, viewer, episodeId, 0, {
    agreedOn: todayInLondon(),
    agreedBy: adults.map((a) => a.person_id),
    familyAgrees: 'To meet every week and tell the worker what is and is not working.',
    serviceAgrees: 'To visit every week and help with school mornings and the rent arrears.',
  });
}
