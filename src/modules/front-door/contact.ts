import type { RequesterContactBy } from '../../platform/db/schema/index.ts';

/**
 * How Hearth may contact a family who asked for help: the one rule every message to a family goes
 * through (the acknowledgement, the Hub's outcome). A family chose phone, email, or "only through
 * the person helping me"; for a family living with domestic abuse an email may not be safe, so only a
 * family who chose email is ever emailed.
 */
export function mayEmailFamily(requester: { contactBy: RequesterContactBy | null; email: string | null }): boolean {
  return requester.contactBy === 'email' && Boolean(requester.email);
}

export const CONTACT_BY_NAMES: Record<RequesterContactBy, string> = {
  phone: 'By phone',
  email: 'By email',
  'through-helper': 'Only through the person helping them',
};

interface ContactRequest {
  source: string;
  requester_name: string;
  requester_relationship: string | null;
  requester_contact_by: RequesterContactBy | null;
  requester_email: string | null;
  requester_phone: string | null;
  requester_helper: string | null;
  requester_contact_notes: string | null;
  people: {
    role: string;
    first_name: string;
    last_name: string;
    phone: string | null;
    contact_notes: string | null;
    language: string | null;
    interpreter_needed: boolean;
  }[];
}

/** One way to reach someone in the family, with what to know first. */
export interface ContactLine {
  name: string;
  who: string;
  /** For a family's own request: how they asked to be contacted. */
  contactBy: string | null;
  phone: string | null;
  email: string | null;
  helper: string | null;
  notes: string | null;
  language: string | null;
}

const languageOf = (p: { language: string | null; interpreter_needed: boolean }) =>
  p.language || p.interpreter_needed
    ? `${p.language || 'Language not given'}${p.interpreter_needed ? ': needs an interpreter' : ''}`
    : null;

/**
 * How to reach the family safely, for everyone who may call them (the Hub's request and decision
 * pages, casework): the family's own choice and their "before you contact us" note for a family's
 * request; each adult's phone and note for a practitioner's; and anyone's language or interpreter need.
 */
export function familyContacts(request: ContactRequest): { lines: ContactLine[]; warnings: string[] } {
  const lines: ContactLine[] = [];
  const adults = request.people.filter((p) => p.role !== 'child');
  if (request.source === 'family') {
    const parent = adults[0];
    lines.push({
      name: request.requester_name,
      who: `Asked for help${request.requester_relationship ? ` (${request.requester_relationship.replace('-', ' ')})` : ''}`,
      contactBy: request.requester_contact_by ? CONTACT_BY_NAMES[request.requester_contact_by] : null,
      phone: request.requester_phone,
      email: request.requester_contact_by === 'email' ? request.requester_email : null,
      helper: request.requester_helper,
      notes: request.requester_contact_notes,
      language: parent ? languageOf(parent) : null,
    });
  }
  for (const p of request.source === 'family' ? adults.slice(1) : adults) {
    if (!p.phone && !p.contact_notes && !languageOf(p)) continue;
    lines.push({
      name: `${p.first_name} ${p.last_name}`,
      who: p.role === 'parent-carer' ? 'Parent or carer' : 'Family member',
      contactBy: null,
      phone: p.phone,
      email: null,
      helper: null,
      notes: p.contact_notes,
      language: languageOf(p),
    });
  }
  const warnings = [
    ...(request.requester_contact_by === 'through-helper'
      ? [
          `${request.requester_name} asked to be contacted only through the person helping them: do not call or email them directly.`,
        ]
      : []),
    ...(request.requester_contact_by === 'phone'
      ? [`${request.requester_name} asked to be contacted by phone, not email.`]
      : []),
    ...lines.filter((l) => l.notes).map((l) => `Before contacting ${l.name}: ${l.notes}`),
  ];
  return { lines, warnings };
}
