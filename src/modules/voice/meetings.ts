import { sql } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { VoiceRefused, type VoiceCore } from './core.ts';
import type { MeetingInput } from './schemas.ts';

/** The financial year (April to March) a day falls in, as '2026-27', and its first and last days. */
export function financialYear(day: string) {
  const y = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? y : y - 1;
  return {
    label: `${start}-${String((start + 1) % 100).padStart(2, '0')}`,
    from: `${start}-04-01`,
    to: `${start + 1}-03-31`,
  };
}

/**
 * The Children in Care Council's meetings with decision-makers (seed 004: "a minimum of four times a year"): the day,
 * who attended by role, what the young people raised, what was agreed and how it was followed up. A financial year
 * with fewer meetings than the tenant's number is flagged.
 */
export class VoiceMeetings {
  constructor(private readonly c: VoiceCore) {}

  private checkRoles(codes: readonly string[]) {
    const known = this.c.settings.decisionMakers.map((d) => d.code);
    if (codes.some((code) => !known.includes(code)))
      throw new VoiceRefused('decisionMakers', 'Select the decision-makers from the list');
  }

  async add(actor: AuditActor, user: Principal, input: MeetingInput): Promise<string> {
    await this.c.toManage(actor, user, 'voice-cicc-meeting', 'record a Children in Care Council meeting');
    this.checkRoles(input.decisionMakers);
    const id = newId();
    await this.c.write(
      actor,
      { action: 'voice.cicc-meeting.added', subjectType: 'voice-cicc-meeting', subjectId: id },
      (tx) =>
        tx
          .insertInto('voice_cicc_meetings')
          .values({
            id,
            held_on: input.heldOn,
            title: input.title,
            decision_makers: input.decisionMakers,
            young_people: input.youngPeople,
            raised: input.raised,
            agreed: input.agreed,
            follow_up: input.followUp,
            created_by: user.id,
            updated_by: user.id,
          })
          .execute(),
    );
    return id;
  }

  async followUp(
    actor: AuditActor,
    user: Principal,
    id: string,
    input: { version: number; followUp: string; followedUp: boolean },
  ) {
    await this.c.toManage(actor, user, 'voice-cicc-meeting', 'record the follow-up of a meeting');
    if (!(await this.meeting(id))) return null;
    await this.c.write(
      actor,
      { action: 'voice.cicc-meeting.followed-up', subjectType: 'voice-cicc-meeting', subjectId: id },
      (tx) =>
        updateVersioned(
          tx,
          'voice_cicc_meetings',
          { id, version: input.version, by: user.id, what: 'The meeting' },
          { follow_up: input.followUp, followed_up: input.followedUp },
        ),
    );
    return id;
  }

  async meeting(id: string) {
    return (
      (await this.c.db.selectFrom('voice_cicc_meetings').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
    );
  }

  /** The meetings of a financial year, newest first, and whether the year has fewer than the tenant's number. */
  async year(today: string, label?: string) {
    const fy =
      label && /^\d{4}-\d{2}$/.test(label) ? financialYear(`${label.slice(0, 4)}-04-01`) : financialYear(today);
    const meetings = await this.c.db
      .selectFrom('voice_cicc_meetings')
      .selectAll()
      .where('held_on', '>=', fy.from)
      .where('held_on', '<=', fy.to)
      .orderBy('held_on', 'desc')
      .execute();
    const years = await this.c.db
      .selectFrom('voice_cicc_meetings')
      .select(sql<string>`min(held_on)::text`.as('first'))
      .executeTakeFirst();
    const expected = this.c.settings.meetingsPerYear;
    const finished = fy.to < today;
    return {
      ...fy,
      meetings,
      expected,
      finished,
      short: meetings.length < expected,
      firstYear: years?.first ? financialYear(years.first).label : fy.label,
    };
  }
}
