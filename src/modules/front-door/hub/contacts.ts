import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { DB, RequestContactKind } from '../../../platform/db/schema/index.ts';
import { HubDecisionError } from './errors.ts';

export const CONTACT_KINDS: Record<RequestContactKind, string> = {
  call: 'Call',
  'multi-agency-check': 'Multi-agency check',
  awaiting: 'Waiting for information',
  note: 'Note',
};

export interface ContactInput {
  kind: RequestContactKind;
  withWhom: string;
  details: string;
  /** 'YYYY-MM-DD': when what is awaited is expected (for 'awaiting' only). */
  dueOn: string | null;
}

/**
 * The Hub's contact log on a request (issue 17, item 9): calls, multi-agency checks, notes, and what
 * is awaited from whom by when. Entries are never changed or removed; each is audited (ids only).
 */
export class HubContacts {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {}

  list(requestId: string) {
    return this.db
      .selectFrom('request_contacts as c')
      .leftJoin('users as u', 'u.id', 'c.created_by')
      .selectAll('c')
      .select('u.display_name as created_by_name')
      .where('c.request_id', '=', requestId)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .execute();
  }

  /** Adds an entry, in the caller's transaction when given (waiting for information writes it with the status). */
  async add(actor: AuditActor, requestId: string, input: ContactInput, tx: Kysely<DB> = this.db) {
    if (input.kind === 'awaiting' && !input.dueOn)
      throw new HubDecisionError('dueOn-day', 'Enter the date the information is expected by');
    const id = newId();
    await tx
      .insertInto('request_contacts')
      .values({
        id,
        request_id: requestId,
        kind: input.kind,
        with_whom: input.withWhom.trim(),
        details: input.details.trim(),
        due_on: input.kind === 'awaiting' ? input.dueOn : null,
        created_by: actor.userId,
      })
      .execute();
    await this.audit.record(
      actor,
      {
        action: 'request-for-support.contact-logged',
        outcome: 'success',
        subjectType: 'request-for-support',
        subjectId: requestId,
        details: { contactId: id, kind: input.kind },
      },
      tx,
    );
    return id;
  }
}
