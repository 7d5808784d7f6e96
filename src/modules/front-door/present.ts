import { dateInputValues } from '../../platform/views/date-input.ts';
import { escapeHtml } from '../../platform/views/nunjucks.ts';
import type { PersonEntry, Worry } from './answers.ts';
import { FLAG_NAMES, ageOn, personFlag, todayInLondon } from './rules.ts';

/** Turning answers into GOV.UK summary list rows and form values, so the templates stay dumb. */

/** Free text as typed, escaped, keeping its line breaks. */
export const multiline = (value: string) => ({ html: escapeHtml(value).replace(/\r?\n/g, '<br>') });

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
export const formatDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`));

export const ROLE_NAMES: Record<string, string> = {
  child: 'Child',
  'parent-carer': 'Parent or carer',
  other: 'Other family member or adult',
};
export const GENDER_NAMES: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  another: 'Another gender',
  'not-known': 'Not known',
};
export const RELATIONSHIP_NAMES: Record<string, string> = {
  parent: 'Parent',
  'step-parent': 'Step-parent',
  carer: 'Carer or guardian',
  grandparent: 'Grandparent',
  'other-family': 'Another family member',
  'young-person': 'I am the young person',
};

/** "Born 3 March 2015 (10)" or "Due 1 June 2026" or "Not given". */
export function describeBirth(
  person: Pick<PersonEntry, 'dateOfBirth' | 'isExpected'>,
  today = todayInLondon(),
): string {
  if (!person.dateOfBirth) return 'Not given';
  if (person.isExpected) return `Not born yet: due ${formatDate(person.dateOfBirth)}`;
  return `${formatDate(person.dateOfBirth)} (age ${ageOn(person.dateOfBirth, today)})`;
}

/** What a screener or a requester should notice about a person before sending. */
export function flagMessage(person: PersonEntry, today = todayInLondon()): string | null {
  const flag = personFlag(person, today);
  if (!flag || !person.dateOfBirth) return null;
  const age = ageOn(person.dateOfBirth, today);
  return flag === 'over-25-with-send'
    ? `${person.firstName} ${person.lastName} is ${age}. Support through the Hub is usually for young people under 25 with special educational needs or a disability. You can still send this request: the Hub will see a note.`
    : `${person.firstName} ${person.lastName} is ${age}. Support through the Hub is usually for children under 18 (or under 25 with special educational needs or a disability). You can still send this request: the Hub will see a note.`;
}

export const flagNames = (flags: string[]) => flags.map((f) => FLAG_NAMES[f] ?? f);

const row = (key: string, value: { text: string } | { html: string }, change?: { href: string; what: string }) => ({
  key: { text: key },
  value,
  ...(change ? { actions: { items: [{ href: change.href, text: 'Change', visuallyHiddenText: change.what }] } } : {}),
});
const orNone = (v: string, none = 'Not given') => ({ text: v.trim() ? v : none });

/** The rows of one person on "Check your answers". `fields` leaves out what the family's form does not ask. */
export function personRows(person: PersonEntry, options: { change?: string; family?: boolean }) {
  const c = (what: string) =>
    options.change ? { href: options.change, what: `${what} for ${person.firstName}` } : undefined;
  const rows = [
    row('Name', { text: `${person.firstName} ${person.lastName}` }, c('name')),
    ...(options.family
      ? []
      : [row('Who they are', { text: ROLE_NAMES[person.role] ?? person.role }, c('who they are'))]),
    ...(person.relationship ? [row('Relationship', { text: person.relationship }, c('relationship'))] : []),
    row(
      person.isExpected ? 'Expected date of birth' : 'Date of birth',
      { text: describeBirth(person) },
      c('date of birth'),
    ),
    row('Gender', { text: GENDER_NAMES[person.gender] ?? 'Not given' }, c('gender')),
  ];
  if (!options.family) {
    rows.push(
      row(
        'Address',
        person.address
          ? multiline([person.address, person.postcode].filter(Boolean).join('\n'))
          : orNone(person.postcode),
        c('address'),
      ),
    );
  }
  rows.push(
    row(options.family ? 'School, college or nursery' : 'School or setting', orNone(person.school), c('school')),
  );
  if (!options.family) {
    rows.push(row('GP', orNone(person.gp), c('GP')));
    rows.push(row('NHS number', orNone(person.nhsNumber ?? ''), c('NHS number')));
    rows.push(row('Unique Pupil Number', orNone(person.upn ?? ''), c('Unique Pupil Number')));
    if (person.role !== 'child' || person.phone || person.contactNotes) {
      rows.push(row('Phone', orNone(person.phone ?? ''), c('phone number')));
      rows.push(
        row(
          'Before contacting them',
          person.contactNotes ? multiline(person.contactNotes) : { text: 'Nothing to add' },
          c('what to know before contacting them'),
        ),
      );
    }
    rows.push(
      row(
        'Language',
        { text: `${person.language || 'Not given'}${person.interpreterNeeded ? ' (needs an interpreter)' : ''}` },
        c('language'),
      ),
    );
  }
  rows.push(
    row(
      'Special educational needs or disability',
      person.hasSend ? multiline(person.sendDetails || 'Yes') : { text: 'No' },
      c('special educational needs or disability'),
    ),
  );
  return rows;
}

/** Worries as summary rows, named by outcome area. */
export function worryRows(worries: Worry[], names: Record<string, string>, change?: string) {
  return worries.map((w) =>
    row(
      names[w.area] ?? w.area,
      multiline(w.details),
      change ? { href: change, what: names[w.area] ?? w.area } : undefined,
    ),
  );
}

export const summaryRow = row;

/** A person as form values for the person page (the date input's three boxes included). */
export function personFormValues(person: PersonEntry) {
  return {
    ...person,
    isExpected: person.isExpected ? 'yes' : '',
    interpreterNeeded: person.interpreterNeeded ? 'yes' : '',
    hasSend: person.hasSend ? 'yes' : 'no',
    ...dateInputValues('dateOfBirth', person.dateOfBirth),
  };
}
