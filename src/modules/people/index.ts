/** People and matching ("who is this child?"): one matching implementation for every module. */
export { PeopleService, PersonInputError, type Person, type PersonSummary } from './service.ts';
export { demographicsSchema, knownDemographics, type Demographics, type DemographicsInput } from './demographics.ts';
export { NAME_PATTERN, nameField, nhsNumberField, upnField } from './schemas.ts';
export { GENDERS, MATCH_THRESHOLD, type Candidate, type Gender, type PersonDetails } from './matching.ts';
export { personFactsSql, personIdentitySql, uniqueNhsNumberSql } from './identity-sql.ts';
