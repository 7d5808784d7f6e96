/** Reference data: the tenant's local authority, districts, quadrants, levels, organisations and teams. */
export { ReferenceService, DuplicateError } from './service.ts';
export { referenceRoutes } from './routes.ts';
export { seedTenant } from './seed.ts';
export { teamAreas } from './team-areas.ts';
export {
  TENANTS_DIR,
  loadTenantConfig,
  familySolutionsSettingsSchema,
  type TenantConfig,
  type FamilySolutionsSettings,
  type SocialCareSettings,
} from './tenant-config.ts';
export type { EducationSettings } from './education-settings.ts';
export type { MaracSettings } from './marac-settings.ts';
