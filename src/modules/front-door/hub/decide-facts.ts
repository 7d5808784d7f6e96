import { todayInLondon } from '../../../platform/calendar/london.ts';
import { ageOn } from '../rules.ts';

/**
 * The request's key facts for the decide page, beside the form (issue 17, item 10): who the children are and how
 * old, the level asked for and why, the main worries, consent and how to reach the family safely, so a screener
 * does not go back to the request page to decide. Long answers are cut short; the request page has them whole.
 */

/** Answers longer than this are cut at a word and end with "…". */
export const FACT_LENGTH = 240;

/** Text cut at a word boundary to at most `max` characters, with "…" when cut. Templates escape it. */
export function shorten(text: string, max = FACT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

interface FactsRequest {
  people: {
    role: string;
    first_name: string;
    last_name: string;
    date_of_birth: string | Date | null;
    is_expected: boolean;
  }[];
  requested_level: number | null;
  level_reasons: string | null;
  worries: { area: string; details: string }[] | unknown;
  consent_to_request: boolean;
  consent_to_sharing: boolean;
  no_consent_reason: string | null;
}

const dayOf = (d: string | Date | null) => (d instanceof Date ? d.toISOString().slice(0, 10) : d);

/** A child as the screener reads them: "Amara Okoro, 10" or "Unborn (expected 1 March 2027)". */
export function childWords(
  p: FactsRequest['people'][number],
  today = todayInLondon(),
): { name: string; age: string | null; expected: string | null } {
  const day = dayOf(p.date_of_birth);
  if (p.is_expected) return { name: `${p.first_name} ${p.last_name}`, age: null, expected: day };
  if (!day) return { name: `${p.first_name} ${p.last_name}`, age: 'age not known', expected: null };
  const years = ageOn(day, today);
  return { name: `${p.first_name} ${p.last_name}`, age: years < 1 ? 'under 1' : String(years), expected: null };
}

export function requestFacts(
  request: FactsRequest,
  areas: readonly { code: string; name: string }[],
  levels: readonly { level: number; name: string }[],
  today = todayInLondon(),
) {
  const areaName = new Map(areas.map((a) => [a.code, a.name]));
  const worries = Array.isArray(request.worries) ? (request.worries as { area: string; details: string }[]) : [];
  const asked = levels.find((l) => l.level === request.requested_level);
  return {
    children: request.people.filter((p) => p.role === 'child').map((p) => childWords(p, today)),
    levelAsked: request.requested_level
      ? `Level ${request.requested_level}${asked ? `: ${asked.name}` : ''}`
      : 'Not asked',
    levelReasons: request.level_reasons ? shorten(request.level_reasons) : null,
    worries: worries.map((w) => ({ area: areaName.get(w.area) ?? w.area, details: shorten(w.details, 160) })),
    consent:
      request.consent_to_request && request.consent_to_sharing
        ? 'Agreed to the request and to sharing information'
        : request.consent_to_request
          ? 'Agreed to the request, not to sharing information'
          : 'Not agreed',
    noConsentReason: request.no_consent_reason ? shorten(request.no_consent_reason) : null,
  };
}
