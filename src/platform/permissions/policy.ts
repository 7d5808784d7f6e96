import { decideAgencyAnswer, type AgencyAnswer, type AgencyAnswerAction } from './agency-answers.ts';
import { SYSTEM_GRANTS } from './grants.ts';
import type { Role } from './roles.ts';

/**
 * The one place Hearth decides who may do what. Routes and services ask `can(...)` and never
 * test roles themselves, so the whole policy can be read here and tested as a matrix.
 */

export interface Principal {
  id: string;
  roles: readonly Role[];
  organisationId: string;
  teamIds: readonly string[];
}

/** Actions on the system as a whole (administration, reference data, audit). */
export const SYSTEM_ACTIONS = [
  'organisation:list',
  'organisation:manage',
  'team:manage',
  'user:list',
  'user:view',
  'user:manage',
  'audit:view',
  'reference:view',
  'directory:view-professional',
  /** See and edit the Directory of Services entries of one's own organisation (see 'directory-service:edit'). */
  'directory:provide',
  'directory:moderate',
  'directory:import',
  'directory:export',
  /** Make a Request for Support to the Hub as a practitioner (families need no account). */
  'request:make',
  /** Work the Hub queue: screen, match people, decide, record consultations and police notifications. */
  'hub:screen',
  /** Reassign Hub work and approve decisions that need a manager. */
  'hub:manage',
  /** Work with families in early help: see one's own families and reviews, be added to a Team Around the Family. */
  'early-help:start',
  /**
   * Hold a family's case as its lead professional: start early help directly at level 2, be named lead.
   * Never a TAF Support Officer's (seed 004: "The TAFSOs do not case hold and operate within Level 2").
   */
  'early-help:lead',
  /** Take on a Hub decision's "suggest a Team Around the Family" work. */
  'early-help:accept-taf',
  /** Take on a Hub decision's Family Solutions (level 3) work. */
  'early-help:accept-family-solutions',
  /** Run Family Solutions teams: allocation, caseloads, time-limit warnings, supervision, sustainment checks. */
  'family-solutions:manage',
  /** Keep a TAF Support Officer's log of support given to partner practitioners, and see the partnership's counts. */
  'early-help:support-log',
  /** See one's teams' early help at a glance: caseloads per worker, overdue reviews, supervision due. */
  'early-help:team-view',
  /**
   * Follow the SET Child Exploitation Partner Pathway and record an exploitation concern (seed 002: "Professionals
   * who hold concerns that a child could be a victim of exploitation"): everyone who may make a Request for Support.
   */
  'exploitation:report',
  /** See every exploitation concern, a restricted record: the roles that take part in MACE and the Hub. */
  'exploitation:list',
  /**
   * Offer and hold Missing Chats (seed 002: "The Involvement Service offer independent 'Missing Chats' to all children
   * and young people aged between 10 and 18 years old that have returned from a missing episode"), and Parental
   * Missing Chats: the due list and the chats.
   */
  'missing:chat',
  /** Scrutinise every missing episode of a child under 10 (seed 002: "the Missing Co-ordinator"). */
  'missing:scrutinise',
  /**
   * Review the Hub's level 3 or 4 decision about a missing child before it is final (seed 002: "the Children and
   * Families Hub will have a Social Worker review the information and ensure an appropriate response is made").
   */
  'hub:social-work-review',
  /** Run MACE: the panels by quadrant, MACE 1 cases and meetings, MACE 2 meetings (seed 002, "MACE"). */
  'mace:coordinate',
  /** Take part in MACE: see the MACE work of one's own quadrants' panels (the record decides which). */
  'mace:take-part',
  /** Read the partnership's plan: outcomes, priorities, objectives, the Locality Partnerships' plans, delivery actions. */
  'plan:view',
  /** Keep the plan: versions, priorities and objectives, outcome leads, delivery actions and their updates. */
  'plan:manage',
  /**
   * See the partnership's figures: indicators, their values against target, the board view and its reports. Counts and
   * breakdowns only, never names (seed 003: "a full performance management framework").
   */
  'performance:view',
  /** Keep the performance framework: indicator definitions, targets, imported values and commentary. */
  'performance:manage',
  /** See the boards and sub-groups: members, meetings, papers, minutes, decisions, action logs, scrutiny programme. */
  'governance:view',
  /** Keep the boards' records (seed 004: the Board Manager and Board support). */
  'governance:manage',
  /**
   * Work children missing education and elective home education (seed 004: "the Education Compliance team ... will
   * use available statutory powers, namely the School Attendance Order process"): cases, whereabouts enquiries,
   * registrations, concerns, suitability assessments and School Attendance Order stages.
   */
  'education:compliance',
  /**
   * Receive the Hub's level 4 hand-offs in children's social care (seed 002: the Hub is "the referral pathway for any
   * safeguarding concerns at level 4"): acknowledge, record the outcome, send back to the Hub with a reason.
   */
  'social-care:intake',
  /**
   * Raise an escalation about a Hub decision or a lead professional's plan one can see (seed 004: escalation "not
   * effectively used by partners"), and follow one's own escalations through their stages.
   */
  'escalation:raise',
  /** Respond to escalations at the managers' stages and see every escalation and how long each took. */
  'escalation:manage',
  /**
   * Refer a case to MARAC (seed 002: "victims, young people and children who have been identified as at high risk due
   * to domestic abuse"): everyone who may make a Request for Support, and MARAC's own people.
   */
  'marac:refer',
  /** Run MARAC: every referral and case, the meetings and their lists, the discussion and safety action plans. */
  'marac:coordinate',
  /** Take part in MARAC for an agency: the meetings one attends and the cases one's agency is asked about. */
  'marac:take-part',
  /**
   * Receive Operation Encompass notifications as a school's designated safeguarding lead (seed 004: "improve the
   * support available to children and young people in education who experience domestic abuse at home"), and record
   * that the school received each one and what support it gave.
   */
  'encompass:receive',
  /**
   * Book a place on the partnership's multi-agency training and evaluate it afterwards (seed 002: "The training
   * provision across Essex provides an extensive range of themed coverage"): everyone who may make a Request for Support.
   */
  'training:book',
  /**
   * Run the multi-agency training offer: courses, sessions, bookings and attendance, evaluations, and the champions
   * networks (seed 002: "a network of practitioner 'Champions'"; seed 004: the Board's Learning and Development
   * sub-group).
   */
  'training:manage',
  /**
   * Run the partnership's case reviews (seed 004: "Child Safeguarding Practice Reviews"): referrals, the statutory
   * partners' triage, Rapid Reviews, local reviews, National Panel notifications, and the learning actions that follow.
   */
  'review:manage',
  /**
   * Triage a case review referral for one of the three statutory safeguarding partners (council, police, health), and
   * see the reviews one's partner takes part in.
   */
  'review:triage',
  /**
   * Run the partnership's audits (seed 004: Section 11, Section 175, multi-agency case audits): cycles, invitations,
   * reminders, the cases sampled, findings meetings and the service development plans.
   */
  'assurance:manage',
  /**
   * Answer for one's agency in the partnership's assurance: a Section 11 or Section 175 return, a case audit's agency
   * findings, evidence that a learning action changed practice. Only what the agency is invited to.
   */
  'assurance:respond',
  /**
   * Support the Corporate Parenting Panel (seed 004, the Co-Parenting Strategy): the children in care and care leavers
   * register, its imports, the surveys, the Children in Care Council's meetings, the Pledge and the Charter.
   */
  'corporate-parenting:manage',
  /** Read the email outbox page (/dev/outbox, where it is switched on): it shows set-password links. */
  'dev:outbox',
] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** Actions on a child's or family's record, decided by involvement. */
export const RECORD_ACTIONS = [
  'record:view',
  'record:edit',
  'record:view-access-log',
  'record:view-origin',
  /**
   * See a restricted record (an exploitation concern, a MACE case): the roles that take part and the people involved;
   * a caseworker in an emergency through break-glass, which also tells the MACE coordinators.
   */
  'restricted:view',
  /**
   * See what a MACE panel holds (a MACE 2 place, person, meeting or action, a MACE 1 nomination): only the members of
   * the quadrant's panel and whoever raised it (a nomination's nominator), never a role alone, never break-glass.
   */
  'restricted:view-panel',
  /**
   * See a MARAC case (issue 15): the MARAC coordinators, the agencies at its meeting or invited to it (the
   * 'marac-member' involvement) and whoever referred it; never break-glass (a refuge address is never shown outside
   * MARAC). Anyone else sees only that a restricted record exists and whom to ask.
   */
  'restricted:view-marac',
] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
/** The record actions that are a view of a record (audited as one, refused with whom to ask when restricted). */
export type ViewAction = 'record:view' | 'restricted:view' | 'restricted:view-panel' | 'restricted:view-marac';

/** Actions on one Directory of Services entry, decided by the organisation that runs it. */
export const DIRECTORY_SERVICE_ACTIONS = ['directory-service:edit'] as const;
export type DirectoryServiceAction = (typeof DIRECTORY_SERVICE_ACTIONS)[number];

export { AGENCY_ANSWER_ACTIONS, type AgencyAnswerAction } from './agency-answers.ts';
export type Action = SystemAction | RecordAction | DirectoryServiceAction | AgencyAnswerAction;

/** How a user is involved with a record. Later modules supply these when they ask. */
export const INVOLVEMENTS = [
  'lead-professional',
  'taf-member',
  'allocated-worker',
  'hub-screener',
  'meeting-attendee',
  'team-manager',
  /** A TAF Support Officer supporting the lead professional (seed 002: "to support partners working at level 2"). */
  'taf-support',
  /** The practitioner who raised a restricted record: an exploitation concern, a MARAC referral. */
  'raised-concern',
  /**
   * Responds to a missing episode for the partnership: the Involvement Service worker offering the child's Missing
   * Chat, the Missing Co-ordinator scrutinising a child under 10's episode.
   */
  'missing-response',
  /** Sits on the MACE panel of the record's quadrant (a MACE member or coordinator). */
  'mace-member',
  /** Children's social care received the Hub's level 4 hand-off about the child (issue 15). */
  'social-care',
  /** The Education Compliance officer working the child's missing-education or home-education case (issue 15). */
  'education-compliance',
  /** Takes part in the MARAC that hears the case: an agency at its meeting or invited to the case (issue 15). */
  'marac-member',
  /** The designated safeguarding lead of the school an Operation Encompass notification went to (issue 15). */
  'school-safeguarding-lead',
  /**
   * Audits the case in a multi-agency case audit (issue 16): sees the record, how the work began and nothing else,
   * only while the audit grants it; never edits.
   */
  'case-auditor',
  /**
   * Made the Request for Support (issue 14): sees it, as their own request's page shows it to them; never edits it,
   * and sees nothing of the Hub's work or the family through it.
   */
  'requester',
] as const;
export type Involvement = (typeof INVOLVEMENTS)[number];

export type Resource =
  | { type: 'system' }
  | {
      type: 'record';
      id: string;
      involvements: readonly Involvement[];
      /** A break-glass grant still in force for this user and record. */
      breakGlass?: boolean;
    }
  | { type: 'directory-service'; id: string; organisationId: string }
  | AgencyAnswer;

export interface Decision {
  allowed: boolean;
  reason: string;
  /** Denied, but the user may ask for time-limited emergency access, giving a reason. */
  breakGlassAvailable?: boolean;
}

/**
 * Roles that take part in the partnership's response to exploitation and so see restricted records (seed 002:
 * "MACE is the Essex partnership response"; the Hub screens the requests that follow a concern). A MACE coordinator
 * works for the whole partnership and sees every quadrant's; a MACE member sees a record through their panel's
 * quadrant (the 'mace-member' involvement), never through the role alone.
 */
const RESTRICTED_ROLES: readonly Role[] = ['hub-practitioner', 'hub-manager', 'hub-social-worker', 'mace-coordinator'];

/**
 * Involvements that let a user edit a record (viewing needs any involvement at all). A supporting TAF
 * Support Officer edits to coach the partner through the plan and TAF meetings, and to record the lead once
 * agreed; holding the case stays with the lead professional.
 */
const EDITING_INVOLVEMENTS: readonly Involvement[] = [
  'lead-professional',
  'allocated-worker',
  'hub-screener',
  'taf-support',
  'missing-response',
  'mace-member',
  'social-care',
  'education-compliance',
  'marac-member',
  'school-safeguarding-lead',
];

/** Roles that never hold a case, whatever other role the user also has (seed 004: "The TAFSOs do not case hold"). */
const NEVER_HOLD_CASES: readonly Role[] = ['taf-support-officer'];

/**
 * Involvements of the people working with the family, who see how their work began: the Request for
 * Support, and the Hub's level, descriptors, reasons and suggested lead. A meeting attendee is
 * invited to one meeting, not to the Hub's reasoning.
 */
const WORKING_INVOLVEMENTS: readonly Involvement[] = [
  'lead-professional',
  'taf-member',
  'allocated-worker',
  'hub-screener',
  'team-manager',
  'taf-support',
  'social-care',
  /** An audit judges the quality of the work, which starts with the request and the Hub's decision. */
  'case-auditor',
];

/** Roles whose holders work cases and may use break-glass access in an emergency. */
const CASEWORK_ROLES: readonly Role[] = [
  'social-care-practitioner',
  'hub-practitioner',
  'hub-manager',
  'hub-social-worker',
  'family-solutions-worker',
  'family-solutions-manager',
];
const MANAGER_ROLES: readonly Role[] = ['hub-manager', 'family-solutions-manager'];

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string, breakGlassAvailable = false): Decision =>
  breakGlassAvailable ? { allowed: false, reason, breakGlassAvailable } : { allowed: false, reason };

export function can(principal: Principal | null, action: Action, resource: Resource = { type: 'system' }): Decision {
  if (!principal) return deny('not signed in');
  if (principal.roles.length === 0) return deny('no role');

  if (resource.type === 'system') {
    if (!isSystemAction(action)) return deny(`${action} needs a record`);
    if (action === 'early-help:lead' && principal.roles.some((r) => NEVER_HOLD_CASES.includes(r)))
      return deny('a TAF Support Officer supports the lead professional and does not hold cases');
    const role = principal.roles.find((r) => SYSTEM_GRANTS[r].includes(action));
    return role ? allow(`role ${role}`) : deny(`no role grants ${action}`);
  }

  if (resource.type === 'directory-service') {
    if (action !== 'directory-service:edit') return deny(`${action} is not an action on a directory service`);
    if (!principal.roles.includes('directory-provider')) return deny('only a directory provider edits services');
    return resource.organisationId === principal.organisationId
      ? allow('provider for the organisation that runs this service')
      : deny('the service belongs to another organisation');
  }

  if (resource.type === 'agency-answer')
    return action.startsWith('agency-answer:')
      ? decideAgencyAnswer(principal, action as AgencyAnswerAction, resource)
      : deny(`${action} is not an action on an agency's answer`);

  if (!isRecordAction(action)) return deny(`${action} is not an action on a record`);
  const involvement = resource.involvements;
  const worksCases = principal.roles.some((r) => CASEWORK_ROLES.includes(r));

  switch (action) {
    case 'record:view':
      if (involvement.length > 0) return allow(`involved as ${involvement.join(', ')}`);
      if (resource.breakGlass && worksCases) return allow('break-glass access');
      return deny('not involved with this record', worksCases);
    case 'record:edit': {
      const editor = involvement.find((i) => EDITING_INVOLVEMENTS.includes(i));
      return editor ? allow(`involved as ${editor}`) : deny('not involved in a role that edits this record');
    }
    case 'record:view-origin': {
      const working = involvement.find((i) => WORKING_INVOLVEMENTS.includes(i));
      if (working) return allow(`works with the family as ${working}`);
      if (resource.breakGlass && worksCases) return allow('break-glass access');
      return deny('only the people working with the family see the request and the Hub’s decision');
    }
    case 'record:view-access-log': {
      const manager = principal.roles.some((r) => MANAGER_ROLES.includes(r));
      if (manager && involvement.length > 0) return allow('manager involved with this record');
      return deny('only an involved manager sees who viewed a record');
    }
    case 'restricted:view': {
      if (involvement.length > 0) return allow(`involved as ${involvement.join(', ')}`);
      const role = principal.roles.find((r) => RESTRICTED_ROLES.includes(r));
      if (role) return allow(`role ${role} takes part`);
      // Emergency access as for any record, but the MACE coordinator is told as well as a manager (break-glass).
      if (resource.breakGlass && worksCases) return allow('break-glass access');
      return deny('a restricted record: only those who take part see it', worksCases);
    }
    case 'restricted:view-panel':
      if (involvement.includes('mace-member')) return allow('sits on the panel of the record’s quadrant');
      if (involvement.includes('raised-concern')) return allow('raised it');
      return deny('only the members of the quadrant’s MACE panel see what the panel holds');
    case 'restricted:view-marac':
      if (involvement.includes('marac-member')) return allow('takes part in the MARAC that hears it');
      if (involvement.includes('raised-concern')) return allow('referred it');
      if (principal.roles.includes('marac-coordinator')) return allow('role marac-coordinator runs MARAC');
      return deny('a MARAC case: only those who take part in its MARAC see it');
  }
}

const isSystemAction = (action: Action): action is SystemAction =>
  (SYSTEM_ACTIONS as readonly string[]).includes(action);
const isRecordAction = (action: Action): action is RecordAction =>
  (RECORD_ACTIONS as readonly string[]).includes(action);
