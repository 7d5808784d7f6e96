/** The roles a user can hold. Names are the partnership's own words (see DESIGN.md §1). */
export const ROLES = [
  'system-administrator',
  'hub-practitioner',
  'hub-manager',
  'partner-practitioner',
  'taf-support-officer',
  'family-solutions-worker',
  'family-solutions-manager',
  'directory-provider',
  'directory-moderator',
  'partnership-analyst',
  'mace-coordinator',
  'mace-member',
  'involvement-worker',
  'missing-coordinator',
  'hub-social-worker',
  'board-manager',
  'board-member',
  'education-compliance-officer',
  'social-care-practitioner',
  'marac-coordinator',
  'marac-representative',
  'school-safeguarding-lead',
  'safeguarding-partner-lead',
  'agency-safeguarding-lead',
  'corporate-parenting-officer',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  'system-administrator': 'System administrator',
  'hub-practitioner': 'Hub practitioner',
  'hub-manager': 'Hub manager',
  'partner-practitioner': 'Partner practitioner',
  'taf-support-officer': 'TAF support officer',
  'family-solutions-worker': 'Family Solutions worker',
  'family-solutions-manager': 'Family Solutions manager',
  'directory-provider': 'Directory provider',
  'directory-moderator': 'Directory moderator',
  'partnership-analyst': 'Partnership analyst',
  'mace-coordinator': 'MACE coordinator',
  'mace-member': 'MACE member',
  'involvement-worker': 'Involvement Service worker',
  'missing-coordinator': 'Missing Co-ordinator',
  'hub-social-worker': 'Hub social worker',
  'board-manager': 'Board manager',
  'board-member': 'Board member',
  'education-compliance-officer': 'Education Compliance officer',
  'social-care-practitioner': 'Children’s social care practitioner',
  'marac-coordinator': 'MARAC coordinator',
  'marac-representative': 'MARAC agency representative',
  'school-safeguarding-lead': 'School designated safeguarding lead',
  'safeguarding-partner-lead': 'Safeguarding partner lead',
  'agency-safeguarding-lead': 'Agency safeguarding lead',
  'corporate-parenting-officer': 'Corporate parenting officer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  'system-administrator': 'Manages organisations, teams, users and reference data.',
  'hub-practitioner': 'Screens requests for support and decides the level of need and pathway.',
  'hub-manager': 'Oversees the Hub queue, reassigns work and approves decisions.',
  'partner-practitioner': 'Works for a partner agency; requests support and can lead a Team Around the Family.',
  'taf-support-officer': 'Supports partner practitioners with Early Help Plans and TAF meetings. Holds no cases.',
  'family-solutions-worker': 'Works with families needing intensive (level 3) support.',
  'family-solutions-manager': 'Manages a Family Solutions team: allocation, caseloads and supervision.',
  'directory-provider': "Keeps their organisation's Directory of Services entries up to date.",
  'directory-moderator': 'Approves changes to the Directory of Services.',
  'partnership-analyst': 'Sees the partnership’s outcomes, indicators and reports. No access to individual records.',
  'mace-coordinator':
    'Coordinates MACE (Missing and Child Exploitation) for the partnership: sees exploitation concerns, which are restricted.',
  'mace-member':
    "A partner agency's member of a quadrant's MACE meetings: sees and adds to the MACE work of the quadrants they sit on.",
  'involvement-worker':
    'Works in the Involvement Service: offers and holds Missing Chats with children back from a missing episode, and Parental Missing Chats.',
  'missing-coordinator':
    'Scrutinises every missing episode of a child under 10 and records the findings and actions (seed 002).',
  'hub-social-worker':
    'A social worker in the Children and Families Hub: reviews level 3 and 4 decisions about missing children before they are final.',
  'board-manager':
    'Supports the partnership’s boards (seed 004: the Board Manager): members, meetings, papers, minutes, action logs and the scrutiny work programme; keeps the plan.',
  'board-member':
    'Sits on a partnership board, sub-committee or Locality Children’s Partnership: sees the plan, the figures and the boards’ papers. No access to individual records.',
  'education-compliance-officer':
    'Works in the Education Compliance team (seed 004): children missing education, elective home education and School Attendance Orders.',
  'social-care-practitioner':
    'Works in children’s social care: receives the Hub’s level 4 hand-offs, acknowledges them and records what happened.',
  'marac-coordinator':
    'Runs MARAC (seed 002: "a twice daily meeting of dedicated multi agency professionals"): referrals, the meetings’ lists, the discussion and the safety action plans. MARAC cases are restricted.',
  'marac-representative':
    'Represents an agency at MARAC (police, social care, health, the IDVA service, probation, substance misuse, housing, education): researches the cases before each meeting and owns the agency’s actions.',
  'school-safeguarding-lead':
    'A school’s designated safeguarding lead: receives Operation Encompass notifications for the school’s pupils and records the support the school gave.',
  'safeguarding-partner-lead':
    'Speaks for one of the three statutory safeguarding partners (the council, the police, health; seed 004): triages case review referrals, sits on Rapid Reviews and answers for the partner’s learning actions.',
  'agency-safeguarding-lead':
    'An agency’s safeguarding lead: answers the Section 11 self-assessment, writes the agency’s findings in multi-agency case audits and reports the agency’s learning actions. Sees a sampled case only while an audit grants it.',
  'corporate-parenting-officer':
    'Supports the Corporate Parenting Panel (seed 004): imports the children in care and care leavers register, runs the Have Your Say and Pledge and Charter Checker surveys, records the Children in Care Council’s meetings and keeps the Pledge and the Care Leavers Charter.',
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
