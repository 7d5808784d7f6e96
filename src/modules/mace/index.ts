/**
 * MACE (Missing and Child Exploitation; seed 002): the panels by quadrant, MACE 1 (children at high risk of
 * exploitation, or exploiting peers) and MACE 2 (places, persons of concern and disruption). Its records are
 * restricted. Other modules reach it only through this file (decision 006).
 */
export { MacePanelService, type MacePanel } from './panels/service.ts';
export { Mace1Service, MACE1_CASE } from './mace1/service.ts';
export { registerMace1Restricted } from './mace1/restricted.ts';
export { Mace1MeetingsService } from './mace1/meetings.ts';
export { Mace1PlanService } from './mace1/plan.ts';
export { mace1Routes } from './mace1/routes.ts';
export type { Mace1Figures } from './mace1/figures.ts';
export { Mace2Service } from './mace2/service.ts';
export { Mace2Meetings } from './mace2/meetings.ts';
export { mace2Routes } from './mace2/routes.ts';
export { maceIndicators } from './indicators.ts';
export { MACE_RECORDS, MACE_LISTERS } from './drill-down.ts';
