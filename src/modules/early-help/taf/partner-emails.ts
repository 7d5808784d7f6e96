import type { EmailMessage } from '../../../platform/notify/notify.ts';
import { meetingWhen } from './types.ts';

/**
 * Emails to practitioners in a family's Team Around the Family who have no Hearth account (issue 17, item 11):
 * the invitation, a change of time or place, a cancellation, and being taken out of the TAF.
 *
 * CAREFUL WITH DATA. Email is not a secure channel for partners without an account: it may go to a shared or
 * personal inbox, be forwarded, or be read on a phone in public. So these emails carry ONLY the meeting's date,
 * time and place (or that it is online), and who to contact: the lead professional's name, organisation and work
 * email. They NEVER name the child, a parent or the family, never give the family's address or level of need,
 * and never say what the worries are. A partner who needs to know who the meeting is about asks the lead
 * professional, who tells them by phone or a secure channel. There is no link to Hearth: they cannot sign in.
 * The callers pass nothing about the family in; the db test (taf-partners.db.test.ts) checks each email for
 * the family's names. The place is the organiser's words: the schedule form asks them not to give a home address.
 */

export interface PartnerMeeting {
  startsAt: Date;
  online: boolean;
  place: string | null;
}
/** Who the practitioner contacts about the meeting: the lead professional, or whoever arranged it while none is agreed. */
export interface MeetingContact {
  name: string;
  organisation: string | null;
  email: string;
  lead: boolean;
}

const where = (m: PartnerMeeting, contact: MeetingContact) =>
  m.online ? `Online. ${contact.name} will send you how to join.` : `${m.place ?? 'To be confirmed'}`;

const contactLines = (contact: MeetingContact) =>
  [
    contact.lead ? 'The lead professional is:' : 'The meeting was arranged by:',
    `${contact.name}${contact.organisation ? `, ${contact.organisation}` : ''}`,
    contact.email,
  ].join('\n');

const footer = (contact: MeetingContact) =>
  `To keep the family’s information safe, this email does not say who the meeting is about. ${contact.name} will tell you.\n\nYou were sent this because you are in a Team Around the Family. Reply to ${contact.email}, not to this email.`;

const details = (m: PartnerMeeting, contact: MeetingContact) =>
  `Date and time: ${meetingWhen(m.startsAt)}\nWhere: ${where(m, contact)}\n\n${contactLines(contact)}\n\nIf you cannot come, please send your apologies to ${contact.name}.`;

export function partnerInvitation(
  to: { name: string; email: string },
  m: PartnerMeeting,
  contact: MeetingContact,
): EmailMessage {
  return {
    template: 'taf-partner-invitation',
    to: to.email,
    subject: `Invitation: Team Around the Family meeting on ${meetingWhen(m.startsAt)}`,
    body: `Dear ${to.name},\n\nYou are invited to a Team Around the Family (TAF) meeting.\n\n${details(m, contact)}\n\n${footer(contact)}`,
  };
}

export function partnerChanged(
  to: { name: string; email: string },
  m: PartnerMeeting,
  before: PartnerMeeting,
  contact: MeetingContact,
): EmailMessage {
  return {
    template: 'taf-partner-changed',
    to: to.email,
    subject: `Changed: Team Around the Family meeting, now on ${meetingWhen(m.startsAt)}`,
    body: `Dear ${to.name},\n\nThe Team Around the Family (TAF) meeting you were invited to, on ${meetingWhen(before.startsAt)}, has changed. This is when and where it is now.\n\n${details(m, contact)}\n\n${footer(contact)}`,
  };
}

export function partnerCancelled(
  to: { name: string; email: string },
  m: PartnerMeeting,
  contact: MeetingContact,
): EmailMessage {
  return {
    template: 'taf-partner-cancelled',
    to: to.email,
    subject: `Cancelled: Team Around the Family meeting on ${meetingWhen(m.startsAt)}`,
    body: `Dear ${to.name},\n\nThe Team Around the Family (TAF) meeting on ${meetingWhen(m.startsAt)} has been cancelled. You do not need to come.\n\n${contactLines(contact)}\n\n${footer(contact)}`,
  };
}

/** Taken out of the family's TAF: the meetings still to come they were invited to are off for them. */
export function partnerWithdrawn(
  to: { name: string; email: string },
  meetings: PartnerMeeting[],
  contact: MeetingContact,
): EmailMessage {
  const list = meetings.map((m) => `- ${meetingWhen(m.startsAt)}`).join('\n');
  return {
    template: 'taf-partner-withdrawn',
    to: to.email,
    subject: 'You are no longer invited to a Team Around the Family meeting',
    body: `Dear ${to.name},\n\nYou are no longer part of a Team Around the Family (TAF), so you do not need to come to:\n${list}\n\n${contactLines(contact)}\n\n${footer(contact)}`,
  };
}
