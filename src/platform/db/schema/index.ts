/**
 * Kysely's view of the tables in migrations/, one file per area. Keep each in step with the SQL:
 * tests/integration/schema-drift.db.test.ts compares these types with the migrated database.
 */
import type { BreakGlassTables } from './break-glass.ts';
import type { CalendarTables } from './calendar.ts';
import type { DirectoryTables } from './directory.ts';
import type { EducationComplianceTables } from './education-compliance.ts';
import type { EncompassTables } from './encompass.ts';
import type { AssessmentTables, EarlyHelpTables } from './early-help.ts';
import type { ExploitationTables } from './exploitation.ts';
import type { FamilySolutionsTables } from './family-solutions.ts';
import type { GovernanceTables } from './governance.ts';
import type { ConsultationPoliceTables, FrontDoorTables, HubTables } from './front-door.ts';
import type { MaceTables } from './mace.ts';
import type { MaracTables } from './marac.ts';
import type { Mace1Tables } from './mace1.ts';
import type { Mace2Tables } from './mace2.ts';
import type { MissingTables } from './missing.ts';
import type { MissingChatsTables } from './missing-chats.ts';
import type { MissingScrutinyTables } from './missing-scrutiny.ts';
import type { SocialCareTables } from './social-care.ts';
import type { PartnershipPlanTables } from './partnership-plan.ts';
import type { PeopleTables } from './people.ts';
import type { PerformanceTables } from './performance.ts';
import type { PlanTables } from './plan.ts';
import type { PlatformTables } from './platform.ts';
import type { ReferenceTables } from './reference.ts';
import type { TafActionUpdateTables, TafTables } from './taf.ts';
import type { TrainingTables } from './training.ts';
import type { CorporateParentingTables } from './corporate-parenting.ts';

export type * from './break-glass.ts';
export type * from './calendar.ts';
export type * from './common.ts';
export type * from './directory.ts';
export type * from './education-compliance.ts';
export type * from './encompass.ts';
export type * from './early-help.ts';
export type * from './exploitation.ts';
export type * from './family-solutions.ts';
export type * from './governance.ts';
export type * from './front-door.ts';
export type * from './mace.ts';
export type * from './mace1.ts';
export type * from './mace2.ts';
export type * from './marac.ts';
export type * from './missing.ts';
export type * from './missing-chats.ts';
export type * from './missing-scrutiny.ts';
export type * from './partnership-plan.ts';
export type * from './people.ts';
export type * from './performance.ts';
export type * from './plan.ts';
export type * from './platform.ts';
export type * from './reference.ts';
export type * from './social-care.ts';
export type * from './taf.ts';
export type * from './training.ts';
export type * from './corporate-parenting.ts';

/** Every table Hearth's code may query. */
export interface DB
  extends
    PlatformTables,
    ReferenceTables,
    HubTables,
    DirectoryTables,
    CalendarTables,
    FrontDoorTables,
    PeopleTables,
    MissingTables,
    MissingChatsTables,
    MissingScrutinyTables,
    BreakGlassTables,
    ConsultationPoliceTables,
    EarlyHelpTables,
    AssessmentTables,
    PlanTables,
    TafTables,
    TafActionUpdateTables,
    FamilySolutionsTables,
    ExploitationTables,
    MaceTables,
    Mace1Tables,
    Mace2Tables,
    PerformanceTables,
    PartnershipPlanTables,
    EncompassTables,
    GovernanceTables,
    SocialCareTables,
    EducationComplianceTables,
    TrainingTables,
    CorporateParentingTables,
    MaracTables {}
