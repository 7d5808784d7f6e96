import type { Kysely } from 'kysely';
import { newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import type { DirectoryService } from '../../directory/index.ts';
import { mayEmailFamily } from '../contact.ts';
import { formatReference } from '../reference.ts';
import { levelWords, outcomeWords } from './rules.ts';

/** What a level 4 decision hands to children's social care (the social-care module receives it). */
export interface SocialCareHandOff {
  requestId: string;
  decisionId: string;
  /** The request's reference as people read it. */
  reference: string;
  level: number;
  districtCode: string | null;
  route: 'statutory-assessment' | 'strategy-discussion' | null;
  /** Whom to tell of social care's outcome; null when the Hub held the email back or the family chose no email. */
  requesterEmail: string | null;
}
export type SocialCareHandOffHook = (tx: Kysely<DB>, handOff: SocialCareHandOff) => Promise<void>;

/** A final decision hands on its work and tells the requester, in the same transaction. */
export async function finaliseDecision(
  tx: Kysely<DB>,
  deps: {
    directory: DirectoryService;
    notify: Notify;
    publicUrl: string;
    socialCareHandOffs: readonly SocialCareHandOffHook[];
  },
  requestId: string,
  decisionId: string,
  levels: readonly { level: number; name: string }[],
) {
  const d = await tx
    .selectFrom('hub_decisions as d')
    .innerJoin('requests_for_support as r', 'r.id', 'd.request_id')
    .leftJoin('users as u', 'u.id', 'r.requester_user_id')
    .select([
      'd.level',
      'd.pathway',
      'd.signposted_service_ids',
      'd.no_further_action_reason',
      'r.reference',
      'r.district_code',
      'r.source',
      'r.requester_email',
      'r.requester_contact_by',
      'd.email_withheld_reason',
      'd.linked_request_id',
      'd.social_care_route',
      'u.email as requester_user_email',
    ])
    .where('d.id', '=', decisionId)
    .executeTakeFirstOrThrow();
  if (d.pathway === 'taf' || d.pathway === 'family-solutions' || d.pathway === 'social-care') {
    await tx
      .insertInto('hub_work_items')
      .values({
        id: newId(),
        request_id: requestId,
        decision_id: decisionId,
        kind: d.pathway,
        district_code: d.district_code,
        level: d.level,
        accepted_by: null,
        accepted_at: null,
      })
      .execute();
  }
  // A practitioner is emailed at their account; a family only if they chose email (contact.ts).
  const to =
    d.requester_user_email ??
    (mayEmailFamily({ contactBy: d.requester_contact_by, email: d.requester_email }) ? d.requester_email : null);
  const held = !to || !!d.email_withheld_reason;
  if (d.pathway === 'social-care')
    for (const hook of deps.socialCareHandOffs)
      await hook(tx, {
        requestId,
        decisionId,
        reference: formatReference(d.reference),
        level: d.level,
        districtCode: d.district_code,
        route: d.social_care_route,
        requesterEmail: held ? null : to,
      });
  // Held back by the screener (recorded with why), or a family's request linked to another: no email.
  if (!to || d.email_withheld_reason || (d.pathway === 'linked-request' && d.source !== 'practitioner')) return;
  const services = await deps.directory.serviceNames(d.signposted_service_ids, tx);
  // Inside the transaction: on PGlite a query outside it would wait for it forever.
  const hubName =
    (await tx.selectFrom('local_authority').select('hub_name').executeTakeFirst())?.hub_name ??
    'the Children and Families Hub';
  const body = [
    `The ${hubName} has looked at request ${formatReference(d.reference)}.`,
    levelWords(d.level, levels),
    outcomeWords(d.pathway, d.level),
    ...(services.length
      ? ['These services may help:', ...services.map((s) => `${s.name}: ${deps.publicUrl}/services/${s.id}`)]
      : []),
    ...(d.linked_request_id ? [`It is linked to request ${await referenceOf(tx, d.linked_request_id)}.`] : []),
    ...(d.pathway === 'no-further-action' && d.source === 'practitioner' && d.no_further_action_reason
      ? [`Why: ${d.no_further_action_reason}`]
      : []),
    `If you have new worries, or things change, contact the ${hubName}.`,
  ];
  await deps.notify.sendEmail(
    {
      template: 'hub-decision',
      to,
      subject: `Request ${formatReference(d.reference)}: what happens next`,
      body: body.join('\n\n'),
    },
    tx,
  );
}

async function referenceOf(tx: Kysely<DB>, requestId: string) {
  const row = await tx
    .selectFrom('requests_for_support')
    .select('reference')
    .where('id', '=', requestId)
    .executeTakeFirst();
  return row ? formatReference(row.reference) : 'another request';
}
