import type { PersonEntry } from '../../src/modules/front-door/answers.ts';
import { newId } from '../../src/platform/db/ids.ts';

/**
 * A child as a Request for Support names them, for tests that make requests through the services: a son at 12 Mill
 * Lane, Harlow, at Harlow Primary, English-speaking, no SEND, unless `fields` says otherwise. Each call is a new person.
 */
export const childEntry = (
  fields: Pick<PersonEntry, 'firstName' | 'lastName' | 'dateOfBirth'> & Partial<PersonEntry>,
): PersonEntry => ({
  id: newId(),
  role: 'child',
  relationship: 'son',
  isExpected: false,
  gender: 'male',
  address: '12 Mill Lane, Harlow',
  postcode: 'CM20 1AA',
  school: 'Harlow Primary',
  gp: '',
  language: 'English',
  interpreterNeeded: false,
  hasSend: false,
  sendDetails: '',
  ...fields,
});
