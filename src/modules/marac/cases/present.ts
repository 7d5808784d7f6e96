import type { Selectable } from 'kysely';
import type { MaracCasePeopleTable } from '../../../platform/db/schema/index.ts';
import type { Candidate } from '../../people/index.ts';
import { childSlots, harmSlots } from './schemas.ts';

export const V = 'marac/cases/views';

export const STATUS_NAMES: Record<string, string> = {
  referred: 'Referred',
  listed: 'Listed for a meeting',
  heard: 'Heard',
  closed: 'Closed',
};

type Item = { code: string; name: string };
export const selectItems = (list: readonly Item[], selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...list.map((i) => ({ value: i.code, text: i.name, selected: i.code === selected })),
];

const MARAC_ONLY = 'Held by MARAC';

/**
 * A person of a case as this viewer may see them (issue 15): MARAC (coordinators and the standing agencies'
 * representatives) sees everything, a refuge address too. Anyone else who may see the case (the referrer, an invited
 * agency) never sees the victim's address with the person causing harm: the person causing harm is shown, and the
 * victim's address (and whether it is a refuge) is "Held by MARAC".
 */
export function shownPerson(p: Selectable<MaracCasePeopleTable>, marac: boolean) {
  const hidden = !marac && p.role === 'victim';
  return {
    role: p.role,
    personId: p.person_id,
    name: `${p.first_name} ${p.last_name}`,
    dateOfBirth: p.date_of_birth,
    gender: p.gender,
    relationship: p.relationship,
    school: p.school,
    address: hidden ? null : p.address,
    postcode: hidden ? null : p.postcode,
    addressHeld: hidden ? MARAC_ONLY : null,
    refuge: hidden ? false : p.refuge,
  };
}

/** The candidates for each slot as radios, with "none of these" (values kept as typed). */
export function candidateRadios(candidates: Record<string, Candidate[]>, values: Record<string, unknown>) {
  const slots = ['victim', ...childSlots, ...harmSlots].filter((s) => candidates[s]);
  return slots.map((slot) => {
    const who =
      slot === 'victim'
        ? 'the victim'
        : slot.startsWith('child')
          ? `child ${slot.slice(5)}`
          : 'the person causing harm';
    const chosen = values[`match-${slot}`];
    const name = (prefix: string) =>
      `${(values[`${prefix}FirstName`] as string | undefined) ?? ''} ${(values[`${prefix}LastName`] as string | undefined) ?? ''}`.trim();
    return {
      slot,
      legend: `Is ${name(slot) || who} (${who}) one of the people Hearth already holds?`,
      items: [
        ...candidates[slot]!.map((c) => ({
          value: c.id,
          text: `${c.person.firstName} ${c.person.lastName}`,
          hint: {
            text: `${c.person.dateOfBirth ? `Born ${c.person.dateOfBirth}` : 'Date of birth not known'}. ${c.reasons.join(', ')}`,
          },
          checked: chosen === c.id,
        })),
        { divider: 'or' },
        { value: 'none', text: 'None of these', checked: chosen === 'none' },
      ],
    };
  });
}
