/** How two names agree: the same, a nickname, a typo, sounding alike, or different. */
import { nicknames, nameParts, PLACEHOLDER_FIRST_NAMES, sounds } from './normalise.ts';
import { editDistance, jaroWinkler } from '../similarity.ts';

export type NameAgreement =
  'same' | 'nickname' | 'part' | 'typo' | 'sounds' | 'middle' | 'initial' | 'similar' | 'unknown' | 'different';

export interface NameProfile {
  key: string;
  parts: string[];
}
export const nameProfile = (name: string | null | undefined): NameProfile => {
  const parts = nameParts(name ?? '');
  return { key: parts.join(''), parts };
};

/** One slip of the keyboard (two in a long name). Short names need the same first letter too. */
export function isTypo(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3) return false;
  const distance = editDistance(a, b);
  return distance === 1 || (distance === 2 && shorter >= 8);
}
const soundAlike = (a: string, b: string) => {
  const codes = sounds(a);
  return sounds(b).some((code) => code.length > 1 && codes.includes(code));
};

export function compareFirstNames(
  q: NameProfile,
  r: NameProfile,
  rMiddle: NameProfile,
  qMiddle: NameProfile,
): NameAgreement {
  if (!q.key || !r.key || PLACEHOLDER_FIRST_NAMES.has(q.key) || PLACEHOLDER_FIRST_NAMES.has(r.key)) return 'unknown';
  if (q.key === r.key) return 'same';
  const groups = new Set([...nicknames().groups(q.key), ...nicknames().groups(q.parts[0]!)]);
  if ([...nicknames().groups(r.key), ...nicknames().groups(r.parts[0]!)].some((g) => groups.has(g))) return 'nickname';
  if (
    (q.parts[0] === r.parts[0] && q.parts[0]!.length > 1) ||
    (q.parts.length > 1 && q.parts.includes(r.key)) ||
    (r.parts.length > 1 && r.parts.includes(q.key))
  )
    return 'part';
  if (isTypo(q.key, r.key)) return 'typo';
  // A nickname with a slip in it (Bil for William, Kaite for Katherine): a typo of one of the name's forms.
  if (q.key.length >= 3 && r.key.length >= 3) {
    const forms = (key: string) =>
      nicknames()
        .groups(key)
        .flatMap((g) => nicknames().members(g));
    // The same first letter too: Ellie is not Ollie (Olivia) misspelt, and twins are named so. A name that is itself
    // a known name of another family is not a slip either: Albie (Albert) is not Alfie (Freddie) misspelt. A
    // three-letter short form must keep its first two letters (Safm is Sam misspelt; Dean is not Dan misspelt).
    const slipOf = (name: string, form: string) =>
      (form.length >= 4 ? form[0] === name[0] : form.length === 3 && name.startsWith(form.slice(0, 2))) &&
      isTypo(name, form) &&
      nicknames().groups(name).length === 0;
    if (forms(r.key).some((f) => slipOf(q.key, f)) || forms(q.key).some((f) => slipOf(r.key, f))) return 'nickname';
  }
  // Short given names sound alike too easily (Jean, John): the spelling must be close as well.
  if (soundAlike(q.key, r.key) && jaroWinkler(q.key, r.key) >= 0.75) return 'sounds';
  if ((q.key.length > 1 && rMiddle.parts.includes(q.key)) || (r.key.length > 1 && qMiddle.parts.includes(r.key)))
    return 'middle';
  if ((q.key.length === 1 || r.key.length === 1) && q.key[0] === r.key[0]) return 'initial';
  return jaroWinkler(q.key, r.key) >= 0.85 ? 'similar' : 'different';
}

export function compareSurnames(q: NameProfile, r: NameProfile): NameAgreement {
  if (!q.key || !r.key) return 'unknown';
  if (q.key === r.key) return 'same';
  const [fewer, more] = q.parts.length <= r.parts.length ? [q.parts, r.parts] : [r.parts, q.parts];
  if (fewer.every((p) => more.includes(p))) return 'part';
  if (isTypo(q.key, r.key)) return 'typo';
  // As for first names, but surnames are longer: Schmidt and Smith pass, Bell and Bailey do not.
  if (soundAlike(q.key, r.key) && jaroWinkler(q.key, r.key) >= 0.67) return 'sounds';
  if (more.length > 1 && fewer.some((a) => more.some((b) => a === b || isTypo(a, b) || soundAlike(a, b))))
    return 'part';
  return jaroWinkler(q.key, r.key) >= 0.85 ? 'similar' : 'different';
}
