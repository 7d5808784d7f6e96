import type { Services } from '../../../src/app.ts';
import { userByEmail } from '../../../src/modules/early-help/test-support.ts';
import type { TestServer } from './server.ts';
import { childEntry } from '../../helpers/person-entry.ts';

/**
 * Requests for Support made through the services for journeys that start further on (the request's own pages have
 * their journeys): a teacher's level 4 request, and the same decided by the Hub manager at level 4 with children's
 * social care, then acknowledged and sent back by social care with no further action.
 */

/** A teacher's Request for Support about Rosa Mills, sent to the Hub: its id and its reference as shown ("7BBZ RV6U"). */
export async function teacherRequest(services: Services): Promise<{ id: string; reference: string }> {
  const { frontDoor } = services;
  const teacher = await userByEmail(services, 'teacher@essex.example');
  const actor = { userId: teacher.id, label: 'teacher' };
  const child = childEntry({
    relationship: 'daughter',
    firstName: 'Rosa',
    lastName: 'Mills',
    dateOfBirth: '2014-02-01',
    gender: 'female',
    address: '4 Church Street, Harlow',
  });
  const draftId = await frontDoor.startDraft(actor, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people: [child],
    district: 'harlow',
    worries: [{ area: 'abuse-and-exploitation', details: 'Bruises on her arms; she says she is scared to go home.' }],
    strengths: 'Close to her gran.',
    tried: { text: 'Spoke with mum.', earlyHelpPlan: false, taf: false },
    level: { level: 4, reasons: 'She may be at risk of significant harm.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const sent = await frontDoor.submitPractitionerRequest(
    actor,
    { userId: teacher.id, organisationId: teacher.organisationId, name: teacher.displayName },
    draftId,
  );
  return { id: sent!.id, reference: `${sent!.reference.slice(0, 4)} ${sent!.reference.slice(4)}` };
}

/**
 * The teacher's request decided at level 4 (children's social care, strategy discussion) by the Hub manager, then
 * acknowledged by the social care practitioner `socialCareEmail` and sent back with no further action and `reason`.
 */
export async function sentBackBySocialCare(
  { services, database }: Pick<TestServer, 'services' | 'database'>,
  socialCareEmail: string,
  reason: string,
): Promise<{ requestId: string; reference: string; decisionId: string; handOffId: string }> {
  const { frontDoor, hub, socialCare } = services;
  const request = await teacherRequest(services);
  const manager = await userByEmail(services, 'hub.manager@essex.example');
  const managerActor = { userId: manager.id, label: manager.email };
  for (const p of (await frontDoor.request(request.id))!.people)
    await hub.createPersonFor(managerActor, request.id, p.id);
  const decided = await hub.decide(managerActor, manager, request.id, (await frontDoor.request(request.id))!.version, {
    level: 4,
    descriptors: [],
    reasons: 'Injuries and fear of going home: a strategy discussion.',
    pathway: 'social-care',
    socialCareRoute: 'strategy-discussion',
    serviceIds: [],
  });
  if (decided.state !== 'final') throw new Error(`The level 4 decision is ${decided.state}, not final`);
  const handOff = await database.db
    .selectFrom('social_care_handoffs')
    .select(['id', 'decision_id'])
    .where('request_id', '=', request.id)
    .executeTakeFirstOrThrow();
  const worker = await userByEmail(services, socialCareEmail);
  const workerActor = { userId: worker.id, label: worker.email };
  await socialCare.acknowledge(workerActor, handOff.id, { via: 'hearth', userId: worker.id, name: worker.displayName });
  const { version } = await database.db
    .selectFrom('social_care_handoffs')
    .select('version')
    .where('id', '=', handOff.id)
    .executeTakeFirstOrThrow();
  await socialCare.recordOutcome(workerActor, worker, handOff.id, version, { outcome: 'no-further-action', reason });
  return {
    requestId: request.id,
    reference: request.reference,
    decisionId: handOff.decision_id,
    handOffId: handOff.id,
  };
}
