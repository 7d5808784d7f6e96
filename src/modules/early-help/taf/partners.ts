import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import { EarlyHelpError, FAMILY_RECORD_TYPE } from '../service.ts';
import { TafCore } from './helpers.ts';
import { partnerWithdrawn, type MeetingContact } from './partner-emails.ts';
import type { PartnerInput } from './partner-schemas.ts';
import { TafProblems } from './types.ts';

const duplicate = (p: { name: string; email: string }) => ({
  field: 'email',
  text: `${p.name} (${p.email}) is already in the Team Around the Family`,
});

/**
 * Practitioners in a family's Team Around the Family who have no Hearth account (issue 17, item 11): school
 * nurses, health visitors, GPs, police officers, voluntary sector workers. The lead professional records them
 * on the episode and invites them to its meetings; they are emailed the meeting's date, time and place (never the
 * family's details: partner-emails.ts) and appear in the invitees and attendance like anyone invited.
 *
 * They are NOT users and get no access: nothing here creates an account, a session or an episode involvement,
 * and the policy decides record access from involvements of users only, so a partner's email opens nothing.
 * Adding and removing them is the family's record:edit (the route declares it; the service checks again).
 */
export abstract class TafPartners extends TafCore {
  /** The episode's practitioners without an account, and its meetings still to come to invite them to. */
  async partnerOptions(episodeId: string, now = new Date()) {
    const [partners, meetings] = await Promise.all([
      this.repository.partnersOf(episodeId),
      this.repository.upcomingMeetings(episodeId, now),
    ]);
    return { partners, meetings };
  }

  /** For administrators (the route declares user:manage): practitioners invited without an account, to create one. */
  withoutAccounts() {
    return this.repository.withoutAccounts();
  }

  /** The organisations Hearth knows, to choose a practitioner's from. */
  organisations() {
    return this.deps.reference.organisations();
  }

  /** One practitioner without an account, with the episode they are in (for its remove page). */
  async partner(partnerId: string) {
    if (!isUuid(partnerId)) return undefined;
    return this.repository.partner(partnerId);
  }

  /**
   * Adds a practitioner without an account to the episode's TAF and invites them to the meetings chosen (each
   * still to come), in one transaction. Every problem is reported at once: a known organisation that is not one,
   * an email of a Hearth user (they join the TAF as a user, with their account), an email already in the TAF, a
   * meeting not still to come. Audited: the addition and each invitation.
   */
  async addPartner(actor: AuditActor, viewer: Principal, episodeId: string, input: PartnerInput, now = new Date()) {
    const episode = await this.openEpisode(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    const problems: { field: string; text: string }[] = [];
    if (
      input.organisationId &&
      !(isUuid(input.organisationId) && (await this.deps.reference.organisation(input.organisationId)))
    )
      problems.push({ field: 'organisationId', text: 'Select their organisation from the list' });
    const user = await this.deps.earlyHelp.activeUserByEmail(input.email);
    const { partners, meetings } = await this.partnerOptions(episodeId, now);
    if (user)
      problems.push({
        field: 'email',
        text: `${user.displayName} uses Hearth with this email address: add them to the Team Around the Family as a Hearth user instead`,
      });
    const already = partners.find((p) => p.email === input.email);
    if (already) problems.push(duplicate(already));
    const chosen = meetings.filter((m) => input.meetingIds.includes(m.id));
    if (chosen.length !== input.meetingIds.length)
      problems.push({ field: 'meetings', text: 'Choose meetings from the list of those still to come' });
    if (problems.length) throw new TafProblems(problems);

    const id = newId();
    try {
      await this.db.transaction().execute(async (tx) => {
        await this.repository.insertPartner(tx, {
          id,
          episode_id: episodeId,
          family_id: episode.family_id,
          name: input.name,
          role: input.role,
          organisation_id: input.organisationId,
          organisation_name: input.organisationName || null,
          email: input.email,
          phone: input.phone,
          added_by: actor.userId,
        });
        await this.audit.record(
          actor,
          {
            action: 'early-help.taf-partner.added',
            outcome: 'success',
            subjectType: FAMILY_RECORD_TYPE,
            subjectId: episode.family_id,
            details: { episodeId, partnerId: id, invitedTo: chosen.map((m) => m.id) },
          },
          tx,
        );
        const contact = chosen.length ? await this.contactFor(tx, episode, actor.userId) : null;
        for (const meeting of chosen)
          await this.addPartnerInvitee(tx, actor, episode.family_id, { id, ...input }, meeting, contact!);
      });
    } catch (error) {
      // Two saves at once: the database's unique index lets one in.
      if (isUniqueViolation(error)) throw new TafProblems([duplicate(input)]);
      throw error;
    }
    return { id, name: input.name, invited: chosen };
  }

  /**
   * Invites practitioners without an account to a meeting being scheduled, in its transaction: emailed the date,
   * time and place (partner-emails.ts), never the family; not emailed for a meeting recorded after it happened.
   */
  protected async invitePartners(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string; lead_professional_id: string | null },
    meeting: { id: string; starts_at: Date; online: boolean; place: string | null },
    partners: { id: string; name: string; email: string }[],
    emailed: boolean,
  ) {
    if (!partners.length) return;
    if (emailed) {
      const contact = await this.contactFor(tx, episode, actor.userId);
      for (const partner of partners)
        await this.addPartnerInvitee(tx, actor, episode.family_id, partner, meeting, contact);
      return;
    }
    await tx
      .insertInto('taf_meeting_invitees')
      .values(
        partners.map((p) => ({
          id: newId(),
          meeting_id: meeting.id,
          user_id: null,
          person_id: null,
          partner_id: p.id,
          attendance: null,
          email_id: null,
          invited_by: actor.userId,
        })),
      )
      .execute();
  }

  /** Invites a practitioner without an account to one meeting still to come: the invitee row and their email. */
  protected async addPartnerInvitee(
    tx: Kysely<DB>,
    actor: AuditActor,
    familyId: string,
    partner: { id: string; name: string; email: string },
    meeting: { id: string; starts_at: Date; online: boolean; place: string | null },
    contact: MeetingContact,
  ) {
    const emailId = await this.invitePartner(tx, partner, meeting, contact);
    await tx
      .insertInto('taf_meeting_invitees')
      .values({
        id: newId(),
        meeting_id: meeting.id,
        user_id: null,
        person_id: null,
        partner_id: partner.id,
        attendance: null,
        email_id: emailId,
        invited_by: actor.userId,
      })
      .execute();
    await this.audit.record(
      actor,
      {
        action: 'early-help.taf-partner.invited',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: familyId,
        details: { meetingId: meeting.id, partnerId: partner.id, emailId },
      },
      tx,
    );
  }

  /**
   * Takes a practitioner without an account out of the TAF. Their invitations to meetings still to come are
   * withdrawn (and they are told, once); meetings already held keep them in their attendance.
   */
  async removePartner(actor: AuditActor, viewer: Principal, partnerId: string, now = new Date()) {
    const partner = await this.partner(partnerId);
    if (!partner || partner.removed_at) throw new EarlyHelpError('partner', 'They are no longer in the TAF');
    const episode = await this.openEpisode(partner.episode_id);
    await this.requireEdit(actor, viewer, episode.family_id);
    await this.db.transaction().execute(async (tx) => {
      const removed = await tx
        .updateTable('taf_partners')
        .set({ removed_at: now, removed_by: actor.userId })
        .where('id', '=', partnerId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (!removed.numUpdatedRows) throw new EarlyHelpError('partner', 'They are no longer in the TAF');
      const upcoming = await this.repository.upcomingMeetings(episode.id, now, tx);
      const withdrawn = upcoming.length
        ? await tx
            .deleteFrom('taf_meeting_invitees')
            .where('partner_id', '=', partnerId)
            .where(
              'meeting_id',
              'in',
              upcoming.map((m) => m.id),
            )
            .returning('meeting_id')
            .execute()
        : [];
      const meetings = upcoming.filter((m) => withdrawn.some((w) => w.meeting_id === m.id));
      if (meetings.length)
        await this.notify.sendEmail(
          partnerWithdrawn(
            partner,
            meetings.map((m) => ({ startsAt: m.starts_at, online: m.online, place: m.place })),
            await this.contactFor(tx, episode, actor.userId),
          ),
          tx,
        );
      await this.audit.record(
        actor,
        {
          action: 'early-help.taf-partner.removed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId: episode.id, partnerId, invitationsWithdrawn: meetings.map((m) => m.id) },
        },
        tx,
      );
    });
    return partner;
  }
}
