import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { DB, TafSupportEventKind } from '../../../platform/db/schema/index.ts';
import { dateInput } from '../../../platform/views/date-input.ts';
import { boundedText, requiredText } from '../../../platform/views/fields.ts';
import { londonDay } from './schemas.ts';
import { TafProblems } from './types.ts';

/**
 * TAF Support Officers' workshops and networking events in their support log (issue 16; seed 004: "The TAFSO's have
 * facilitated 28 workshops ... They have attended 106 networking events"). An event is about no one family: its day,
 * title, kind, quadrant and the practitioners who came, by organisation type and number. The support log's figures
 * count events beside the support given to one practitioner (support-given.ts).
 */
export const EVENT_KINDS: Record<TafSupportEventKind, string> = {
  workshop: 'Workshop facilitated',
  'networking-event': 'Networking event attended',
};
export const EVENT_ORDER = ['date', 'kind', 'title', 'quadrant', 'attending', 'notes'];

export const eventSchema = (now: Date) =>
  z
    .object({
      'date-day': dateInput({
        label: 'the date of the event',
        when: 'past',
        earliest: {
          date: '2018-01-01',
          message: 'The date of the event must be after 2018 (when TAF Support Officers began): check the year',
        },
        today: londonDay(now),
      }),
      kind: z.enum(['workshop', 'networking-event'], 'Select whether it was a workshop or a networking event'),
      title: requiredText(200, 'The title', 'Enter the event’s title'),
      quadrant: z
        .string()
        .max(60, 'Select the quadrant')
        .regex(/^[a-z0-9-]{1,60}$/, 'Select the quadrant'),
      notes: boundedText(4000, 'The notes'),
    })
    .transform((v) => ({
      eventDate: v['date-day'],
      kind: v.kind,
      title: v.title,
      quadrant: v.quadrant,
      notes: v.notes,
    }));
export type EventInput = z.output<ReturnType<typeof eventSchema>>;

/**
 * The practitioners attending, from the form's `attending-<organisation type>` boxes: whole numbers from 0 to 1,000,
 * blank for none; a box for a type that is not the tenant's is refused, and at least one practitioner must come.
 */
export function attendingOf(body: unknown, types: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const problems: { field: string; text: string }[] = [];
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  for (const [name, raw] of Object.entries(values)) {
    if (!name.startsWith('attending-')) continue;
    const type = name.slice('attending-'.length);
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (!types.includes(type)) {
      problems.push({ field: 'attending', text: 'Enter numbers only for the organisation types listed' });
      continue;
    }
    if (text === '' || text === '0') continue;
    if (!/^\d{1,4}$/.test(text) || Number(text) > 1000)
      problems.push({
        field: `attending-${type}`,
        text: 'Enter the number of practitioners as a whole number from 0 to 1,000',
      });
    else counts.set(type, Number(text));
  }
  if (!problems.length && counts.size === 0)
    problems.push({
      field: 'attending',
      text: 'Enter how many practitioners came, for at least one type of organisation',
    });
  if (problems.length) throw new TafProblems(problems);
  return counts;
}

export async function insertEvent(
  db: Kysely<DB>,
  audit: AuditLog,
  actor: AuditActor,
  officerId: string,
  input: EventInput,
  attending: Map<string, number>,
) {
  const id = newId();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('taf_support_events')
      .values({
        id,
        officer_id: officerId,
        event_date: input.eventDate,
        kind: input.kind,
        title: input.title,
        quadrant_code: input.quadrant,
        notes: input.notes,
        created_by: actor.userId,
      })
      .execute();
    await tx
      .insertInto('taf_support_event_attendees')
      .values([...attending].map(([type, n]) => ({ event_id: id, organisation_type: type, practitioners: n })))
      .execute();
    await audit.record(
      actor,
      {
        action: 'early-help.taf-support-event.recorded',
        outcome: 'success',
        subjectType: 'taf-support-event',
        subjectId: id,
        details: { kind: input.kind, practitioners: [...attending.values()].reduce((a, b) => a + b, 0) },
      },
      tx,
    );
  });
  return id;
}

/** An officer's events, newest first, with the practitioners who came by organisation type. */
export async function eventsOf(db: Kysely<DB>, officerId: string, limit = 200) {
  const events = await db
    .selectFrom('taf_support_events')
    .selectAll()
    .where('officer_id', '=', officerId)
    .orderBy('event_date', 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const attendees = events.length
    ? await db
        .selectFrom('taf_support_event_attendees')
        .selectAll()
        .where(
          'event_id',
          'in',
          events.map((e) => e.id),
        )
        .execute()
    : [];
  return events.map((e) => ({ ...e, attending: attendees.filter((a) => a.event_id === e.id) }));
}
