/** The composition root of Hearth's services: every service built once, for the app, the server and the scripts. */
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import { AuditLog } from './platform/audit/audit.ts';
import { AuthService } from './platform/auth/service.ts';
import { Notify } from './platform/notify/notify.ts';
import { BreakGlassService } from './platform/break-glass/service.ts';
import { RestrictedMarkers } from './platform/restricted/markers.ts';
import { ReferenceService } from './modules/reference/index.ts';
import { CalendarService } from './platform/calendar/service.ts';
import { DirectoryService, directoryIndicators } from './modules/directory/index.ts';
import { UsersService } from './modules/users/index.ts';
import { PeopleService } from './modules/people/index.ts';
import { EXPLOITATION_INDICATORS, ExploitationService } from './modules/exploitation/index.ts';
import type { ComputedIndicator } from './platform/indicators/computed.ts';
import {
  FrontDoorService,
  HubService,
  ConsultationsService,
  ApiClientService,
  PoliceService,
  frontDoorIndicators,
} from './modules/front-door/index.ts';
import {
  EarlyHelpService,
  FamilySolutionsService,
  PlanService,
  AssessmentService,
  TafService,
  HomeService,
  EARLY_HELP_INDICATORS,
  familySolutionsIndicators,
} from './modules/early-help/index.ts';
import {
  MissingChatsService,
  MissingScrutinyService,
  MissingPersonService,
  MissingService,
  missingChatIndicators,
  missingIndicators,
} from './modules/missing/index.ts';
import { GovernanceService } from './modules/governance/index.ts';
import {
  MacePanelService,
  Mace1Service,
  Mace1MeetingsService,
  Mace1PlanService,
  Mace2Meetings,
  Mace2Service,
  registerMace1Restricted,
  maceIndicators,
} from './modules/mace/index.ts';
import {
  MARAC_INDICATORS,
  MaracAccess,
  MaracCaseService,
  checklistLoader,
  registerMaracRestricted,
  MaracMeetingService,
  MaracPlanService,
} from './modules/marac/index.ts';
import { PerformanceService } from './modules/performance/index.ts';
import { PartnershipPlanService } from './modules/partnership-plan/index.ts';
import { EscalationService, SocialCareService, socialCareIndicators } from './modules/social-care/index.ts';
import { EducationComplianceService, educationIndicators } from './modules/education-compliance/index.ts';
import { TrainingService, trainingIndicators } from './modules/training/index.ts';
import {
  CORPORATE_PARENTING_PREFIX,
  CorporateParentingService,
  corporateParentingIndicators,
} from './modules/corporate-parenting/index.ts';
import { VoiceService, loadVoiceFile, voiceIndicators } from './modules/voice/index.ts';
import { CaseReviewService, caseReviewIndicators } from './modules/case-reviews/index.ts';
import { AssuranceAuditsService, assuranceAuditIndicators } from './modules/assurance-audits/index.ts';
import { EncompassService, encompassIndicators } from './modules/encompass/index.ts';
import { drillDown } from './services-drill-down.ts';

/** Every service, built once. Routes receive only the services they use. */
export function buildServices(config: Config, database: Database) {
  const { db } = database;
  const audit = new AuditLog(db);
  const notify = new Notify(db);
  const reference = new ReferenceService(db, audit, { tenant: config.tenant });
  const calendar = new CalendarService(db, async () => (await reference.hubSettings()).workingHours);
  const auth = new AuthService(db, audit, notify, {
    issuer: 'Hearth',
    sessionSecret: config.session.secret,
    twoFactorKeys: config.twoFactorKeys,
    invitationHours: 72,
  });
  const users = new UsersService(db, audit, notify, auth, { publicUrl: config.publicUrl });
  const directory = new DirectoryService(db, audit, reference, {
    notify,
    publicUrl: config.publicUrl,
    tenant: config.tenant,
  });
  const people = new PeopleService(db, audit);
  const frontDoor = new FrontDoorService(db, audit, notify, reference, directory.postcodeAreas);
  const hub = new HubService(db, audit, notify, frontDoor, people, directory, reference, calendar, {
    publicUrl: config.publicUrl,
  });
  // The Hub's level 4 decisions hand the request to children's social care in the decision's transaction.
  const socialCare = new SocialCareService(db, audit, notify, { hub, reference }, { publicUrl: config.publicUrl });
  hub.onSocialCareHandOff((tx, handOff) => socialCare.receive(tx, handOff));
  const breakGlass = new BreakGlassService(db, audit, notify, { publicUrl: config.publicUrl });
  const restricted = new RestrictedMarkers();
  const consultations = new ConsultationsService(db, audit);
  const police = new PoliceService(db, audit, frontDoor, reference);
  const apiClients = new ApiClientService(db, audit);
  // Operation Encompass (issue 15): police notifications of domestic abuse become notifications to schools, written in
  // the police notification's transaction.
  const encompass = new EncompassService(
    db,
    audit,
    {
      notify,
      calendar,
      districts: async () => (await reference.districts()).map((d) => d.code),
      // The child's school from what Hearth holds: a Request for Support's or early help's record of the matched person.
      hearth: {
        people,
        schoolsNamed: async (personIds) => [
          ...(await hub.schoolsNamedFor(personIds)).map((s) => ({ ...s, from: 'request-for-support' as const })),
          ...(await earlyHelp.schoolsNamedFor(personIds)).map((s) => ({ ...s, from: 'early-help' as const })),
        ],
      },
    },
    { tenant: config.tenant, publicUrl: config.publicUrl },
  );
  police.onReceived(encompass.policeHook());
  const earlyHelp = new EarlyHelpService(db, audit, { hub, frontDoor, people, reference, breakGlass });
  const plans = new PlanService(db, audit, { earlyHelp, directory, reference });
  // Escalations about a Hub decision or an Early Help Plan (issue 15).
  const escalations = new EscalationService(db, audit, {
    hub,
    plans,
    reference,
    handedOff: (decisionId) => socialCare.handedOff(decisionId),
  });
  const assessment = new AssessmentService(db, audit, { earlyHelp, reference });
  const taf = new TafService(db, audit, notify, { earlyHelp, reference, plans }, { publicUrl: config.publicUrl });
  const familySolutions = new FamilySolutionsService(
    db,
    audit,
    { earlyHelp, frontDoor, reference, notify, breakGlass },
    { publicUrl: config.publicUrl },
  );
  const exploitation = new ExploitationService(db, audit, { frontDoor, reference, breakGlass, people, restricted });
  const home = new HomeService(db, audit, { earlyHelp, familySolutions, reference });
  const missing = new MissingService(db, audit, { people, earlyHelp, police, breakGlass, reference });
  const missingPerson = new MissingPersonService(db, audit, { people, earlyHelp });
  const missingChats = new MissingChatsService(db, audit, { reference, calendar, exploitation, breakGlass });
  missing.onReturned((tx, actor, episodeId) => missingChats.onReturned(tx, actor, episodeId));
  const missingScrutiny = new MissingScrutinyService(db, audit, { reference, frontDoor, missing });
  const macePanels = new MacePanelService(db, audit);
  const mace1 = new Mace1Service(db, audit, { panels: macePanels, people, reference, exploitation });
  registerMace1Restricted(db, mace1, { restricted, breakGlass });
  const mace1Meetings = new Mace1MeetingsService(mace1);
  const mace1Plans = new Mace1PlanService(mace1);
  const mace2 = new Mace2Service(db, audit, { panels: macePanels, reference });
  const mace2Meetings = new Mace2Meetings(db, audit, mace2, { exploitation, reference });
  // Issue 15: MARAC's referrals and cases (restricted records; MaracAccess decides who takes part).
  const maracAccess = new MaracAccess(db, () => reference.maracSettings());
  const maracCases = new MaracCaseService(db, audit, {
    people,
    reference,
    access: maracAccess,
    checklist: checklistLoader(config.tenant),
  });
  registerMaracRestricted(maracCases, restricted);
  const maracMeetings = new MaracMeetingService(db, audit, {
    access: maracAccess,
    settings: () => reference.maracSettings(),
    calendar: () => calendar.calendar(),
  });
  const maracPlans = new MaracPlanService(maracMeetings, { frontDoor, earlyHelp });
  // A new case goes on the first meeting that leaves the agencies time to research it.
  maracCases.onReferred(
    async (tx, { caseId, referredAt }) => {
      await maracMeetings.listOnNextMeeting(tx, caseId, referredAt);
    },
    () => calendar.calendar(),
  );
  const partnershipPlan = new PartnershipPlanService(db, audit);
  // Issue 15: Education Compliance asks the Hub and early help whether a child is known to them (its priority flag).
  const educationCompliance = new EducationComplianceService(db, audit, {
    people,
    reference,
    breakGlass,
    knownTo: { socialCare: (id) => hub.decidedAtLevel4(id), earlyHelp: (id) => earlyHelp.everInEarlyHelp(id) },
  });
  // Issue 14's computed indicators, each defined by the module that owns the tables it counts.
  // The tenant's voice file, read once: its surveys' themes and age groups label the voice figures.
  const voiceSettings = loadVoiceFile(config.tenant);
  const computedIndicators: readonly ComputedIndicator[] = [
    // Early help, Family Solutions, missing children, exploitation and MACE.
    ...EARLY_HELP_INDICATORS,
    ...familySolutionsIndicators(() => reference.familySolutionsSettings()),
    ...missingIndicators(() => reference.missingSettings()),
    ...missingChatIndicators({
      offerWithin: async () => (await reference.missingSettings()).chats.offerWithin,
      calendar: () => calendar.calendar(),
    }),
    ...EXPLOITATION_INDICATORS,
    ...maceIndicators(async () => (await reference.maceSettings()).exitReasons),
    // The front door (requests, the Hub, police, consultations) and the Directory of Services.
    ...frontDoorIndicators({ reference, calendar }),
    ...directoryIndicators,
    // The level 4 hand-off and escalation (issue 15).
    ...socialCareIndicators(async () => (await reference.socialCareSettings()).escalationStages),
    // Children missing education and home educated (issue 15).
    ...educationIndicators(),
    // The multi-agency training offer and the champions networks (issue 16).
    ...trainingIndicators,
    // The voice of children in care: surveys and the Children in Care Council's meetings (issue 16).
    ...voiceIndicators(voiceSettings),
    // Safeguarding practice reviews and learning (issue 16).
    ...caseReviewIndicators,
    // The partnership's audits: quality of practice, Section 11 returns on time (issue 16).
    ...assuranceAuditIndicators,
    // Operation Encompass (issue 15).
    ...encompassIndicators(),
    // MARAC's referrals (issue 15).
    ...MARAC_INDICATORS,
    // The Co-Parenting Strategy's measures, from the children in care and care leavers register (issue 16).
    ...corporateParentingIndicators,
  ];
  // The figures are counted on the read replica when READ_DATABASE_URL is set (database.readDb), else on `db`.
  const drill = drillDown(computedIndicators, {
    db,
    readDb: database.readDb,
    audit,
    earlyHelp,
    missing,
    encompass,
    emailOf: async (userId) => (await auth.loadCurrentUser(userId))?.email,
  });
  // The register's measures are counted by its job after each import, never by a page (corporate-parenting/counting.ts).
  const performance = new PerformanceService(db, database.readDb, audit, reference, drill.computed, {
    tenant: config.tenant,
    countedAhead: [CORPORATE_PARENTING_PREFIX],
  });
  const performanceRecords = drill.records;
  // A board's action may point at an indicator or a plan action: checked through their modules.
  const governance = new GovernanceService(db, audit, {
    links: {
      indicator: async (code) => {
        const found = await performance.indicator(code);
        return found ? { code: found.code, name: found.name } : null;
      },
      planAction: async (id) => {
        const found = await partnershipPlan.findAction(id);
        return found ? { id: found.id, title: found.title } : null;
      },
    },
  });
  const training = TrainingService.forTenant(db, audit, config.tenant, { notify, publicUrl: config.publicUrl });
  // A register import replaces every record its measures count: a background job counts them again (on the replica).
  const corporateParenting = new CorporateParentingService(db, audit, performance, { readDb: database.readDb });
  // Results are suppressed below the performance framework's threshold (its indicators file).
  const voice = new VoiceService(db, audit, {
    settings: voiceSettings,
    suppressBelow: () => performance.suppressBelow(),
  });
  const caseReviews = CaseReviewService.forTenant(db, audit, config.tenant, { people, calendar });
  // The audits sample early help's closed episodes and grant their auditors the 'case-auditor' involvement.
  const assuranceAudits = AssuranceAuditsService.forTenant(db, audit, config.tenant, {
    notify,
    publicUrl: config.publicUrl,
    records: {
      closedEpisodes: (criteria) => earlyHelp.closedEpisodes(criteria),
      episodeSummaries: (ids) => earlyHelp.episodeSummaries(ids),
    },
  });
  earlyHelp.addInvolvementSource(assuranceAudits.involvementSource());
  return {
    audit,
    notify,
    reference,
    calendar,
    auth,
    users,
    directory,
    people,
    frontDoor,
    hub,
    breakGlass,
    restricted,
    consultations,
    police,
    apiClients,
    earlyHelp,
    assessment,
    plans,
    taf,
    familySolutions,
    home,
    missing,
    missingPerson,
    missingScrutiny,
    missingChats,
    exploitation,
    macePanels,
    partnershipPlan,
    mace1,
    mace1Meetings,
    mace1Plans,
    mace2,
    mace2Meetings,
    maracAccess,
    maracCases,
    maracMeetings,
    maracPlans,
    computedIndicators: drill.computed,
    performance,
    performanceRecords,
    governance,
    socialCare,
    escalations,
    educationCompliance,
    training,
    voice,
    caseReviews,
    assuranceAudits,
    encompass,
    corporateParenting,
  };
}
export type Services = ReturnType<typeof buildServices>;
