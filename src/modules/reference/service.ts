import { teamAreas } from './team-areas.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { newId } from '../../platform/db/ids.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { ReferenceRepository } from './repository.ts';
import { seedTenant } from './seed.ts';
import { loadTenantConfig, type HubSettings, type TenantConfig } from './tenant-config.ts';

export class DuplicateError extends Error {
  constructor(readonly field: 'name' | 'code') {
    super(`duplicate ${field}`);
  }
}

export interface OrganisationInput {
  name: string;
  typeCode: string;
}
export interface TeamInput {
  name: string;
  districts: string[];
}

/**
 * Reference data: the local authority, its districts and quadrants, Windscreen levels, outcome
 * areas, organisations and teams. Other modules read it through this service only.
 */
export class ReferenceService {
  private readonly repository: ReferenceRepository;
  private tenantConfig?: Promise<TenantConfig>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    /** Which config/tenants/<tenant>.json holds the settings that are not rows (such as the Hub's). */
    private readonly options: { tenant?: string } = {},
  ) {
    this.repository = new ReferenceRepository(db);
  }

  seed(config: TenantConfig) {
    this.tenantConfig = Promise.resolve(config);
    this.rows.clear();
    // Cleared again once written, in case a read ran while the seed did.
    return seedTenant(this.db, config).finally(() => this.rows.clear());
  }

  /**
   * The tenant file's own rows (the local authority, quadrants, districts, Windscreen levels, outcome areas) are
   * written only by `seed`, at start-up, so each is read once and kept for this service's life. The Hub queue read four
   * of them on every request. Each caller gets its own copy of the rows.
   */
  private readonly rows = new Map<string, Promise<unknown>>();
  private kept<T extends object>(key: string, read: () => Promise<T[]>): Promise<T[]> {
    let rows = this.rows.get(key) as Promise<T[]> | undefined;
    if (!rows) {
      rows = read();
      this.rows.set(key, rows);
      // A failed read, or none yet (a database not yet seeded), is not kept: the next caller reads again.
      const forget = () => this.rows.get(key) === rows && this.rows.delete(key);
      rows.then((found) => found.length > 0 || forget(), forget);
    }
    return rows.then((kept) => kept.map((row) => ({ ...row })));
  }

  /**
   * The Hub's working hours, timescales per priority, amber threshold and manager approvals. They
   * are settings, not rows: read from the tenant file (the one seeded, else the configured one).
   */
  async hubSettings(): Promise<HubSettings> {
    if (!this.tenantConfig) {
      const tenant = this.options.tenant;
      if (!tenant) throw new Error('ReferenceService needs { tenant } (or seed()) before hubSettings()');
      this.tenantConfig = loadTenantConfig(tenant).catch((error: unknown) => {
        this.tenantConfig = undefined;
        throw error;
      });
    }
    return (await this.tenantConfig).hub;
  }

  /** Early help settings from the tenant file (how often Early Help Plans are reviewed). */
  async earlyHelpSettings(): Promise<TenantConfig['earlyHelp']> {
    await this.hubSettings();
    return (await this.tenantConfig!).earlyHelp;
  }

  /** Family Solutions' caseload capacities and time limits from the tenant file. */
  async familySolutionsSettings(): Promise<TenantConfig['familySolutions']> {
    await this.hubSettings();
    return (await this.tenantConfig!).familySolutions;
  }

  /** The exploitation pathway's indicators, vulnerability factors and whom to ask about a restricted record. */
  async exploitationSettings(): Promise<TenantConfig['exploitation']> {
    await this.hubSettings();
    return (await this.tenantConfig!).exploitation;
  }

  /** Missing children: the Missing Chats' ages and timescale, the scrutiny age, and what counts as repeat missing. */
  async missingSettings(): Promise<TenantConfig['missing']> {
    await this.hubSettings();
    return (await this.tenantConfig!).missing;
  }

  /** Education Compliance: where reports, concerns and whereabouts enquiries come from (issue 15). */
  async educationSettings(): Promise<TenantConfig['education']> {
    await this.hubSettings();
    return (await this.tenantConfig!).education;
  }

  /** The words for a person's ethnicity the forms offer (codes of platform/demographics.ts), in the tenant's order. */
  async ethnicities(): Promise<TenantConfig['people']['ethnicities']> {
    await this.hubSettings();
    return (await this.tenantConfig!).people.ethnicities;
  }

  /** MACE: the reasons a child exits MACE 1, MACE 2's kinds of place of concern, and the local picture's small-number threshold. */
  async maceSettings(): Promise<TenantConfig['mace']> {
    await this.hubSettings();
    return (await this.tenantConfig!).mace;
  }

  /** The level 4 hand-off (in Hearth or through the outbound API) and the escalation stages. */
  async socialCareSettings(): Promise<TenantConfig['socialCare']> {
    await this.hubSettings();
    return (await this.tenantConfig!).socialCare;
  }

  /** MARAC: the agencies, the high-risk thresholds, the repeat window and the meetings (issue 15). */
  async maracSettings(): Promise<TenantConfig['marac']> {
    await this.hubSettings();
    return (await this.tenantConfig!).marac;
  }

  async localAuthority() {
    const [row] = await this.kept('local-authority', async () => {
      const found = await this.repository.localAuthority();
      return found ? [found] : [];
    });
    return row;
  }
  windscreenLevels() {
    return this.kept('windscreen-levels', () => this.repository.windscreenLevels());
  }
  quadrants() {
    return this.kept('quadrants', () => this.repository.quadrants());
  }
  districts() {
    return this.kept('districts', () => this.repository.districts());
  }
  outcomeAreas() {
    return this.kept('outcome-areas', () => this.repository.outcomeAreas());
  }
  organisationTypes() {
    return this.repository.organisationTypes();
  }
  organisations() {
    return this.repository.organisations();
  }
  allTeams() {
    return this.repository.allTeams();
  }

  async organisation(id: string) {
    const organisation = await this.repository.organisation(id);
    if (!organisation) return null;
    return { ...organisation, teams: await this.repository.teamsOf(id) };
  }

  /** A user's teams as their account page shows them: each team's name and the districts it covers. */
  teamsForAccount(teamIds: readonly string[]) {
    return teamAreas(this.db, teamIds);
  }

  async team(id: string) {
    const team = await this.repository.team(id);
    if (!team) return null;
    const districts = (await this.repository.teamDistrictCodes(id)).map((d) => d.code);
    return { ...team, districts };
  }

  async createOrganisation(actor: AuditActor, input: OrganisationInput & { code: string }): Promise<string> {
    const id = newId();
    await this.write(async (tx) => {
      await tx
        .insertInto('organisations')
        .values({
          id,
          code: input.code,
          name: input.name,
          type_code: input.typeCode,
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'organisation.created',
          outcome: 'success',
          subjectType: 'organisation',
          subjectId: id,
          details: { ...input },
        },
        tx,
      );
    });
    return id;
  }

  async updateOrganisation(
    actor: AuditActor,
    id: string,
    version: number,
    input: OrganisationInput & { isActive: boolean },
  ) {
    await this.write(async (tx) => {
      await updateVersioned(
        tx,
        'organisations',
        { id, version, by: actor.userId, what: 'This organisation' },
        {
          name: input.name,
          type_code: input.typeCode,
          is_active: input.isActive,
        },
      );
      await this.audit.record(
        actor,
        {
          action: 'organisation.updated',
          outcome: 'success',
          subjectType: 'organisation',
          subjectId: id,
          details: { ...input },
        },
        tx,
      );
    });
  }

  async createTeam(actor: AuditActor, organisationId: string, input: TeamInput & { code: string }): Promise<string> {
    const id = newId();
    await this.write(async (tx) => {
      await tx
        .insertInto('teams')
        .values({
          id,
          organisation_id: organisationId,
          code: input.code,
          name: input.name,
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .execute();
      await this.setTeamDistricts(tx, id, input.districts);
      await this.audit.record(
        actor,
        {
          action: 'team.created',
          outcome: 'success',
          subjectType: 'team',
          subjectId: id,
          details: { organisationId, ...input },
        },
        tx,
      );
    });
    return id;
  }

  async updateTeam(actor: AuditActor, id: string, version: number, input: TeamInput & { isActive: boolean }) {
    await this.write(async (tx) => {
      await updateVersioned(
        tx,
        'teams',
        { id, version, by: actor.userId, what: 'This team' },
        { name: input.name, is_active: input.isActive },
      );
      await tx.deleteFrom('team_districts').where('team_id', '=', id).execute();
      await this.setTeamDistricts(tx, id, input.districts);
      await this.audit.record(
        actor,
        { action: 'team.updated', outcome: 'success', subjectType: 'team', subjectId: id, details: { ...input } },
        tx,
      );
    });
  }

  private async setTeamDistricts(tx: Kysely<DB>, teamId: string, codes: string[]) {
    if (codes.length === 0) return;
    const districts = await tx.selectFrom('districts').select('id').where('code', 'in', codes).execute();
    if (districts.length > 0) {
      await tx
        .insertInto('team_districts')
        .values(districts.map((d) => ({ team_id: teamId, district_id: d.id })))
        .execute();
    }
  }

  /** One transaction per change, with unique-name clashes turned into a message for the form. */
  private async write(work: (tx: Kysely<DB>) => Promise<void>) {
    try {
      await this.db.transaction().execute(work);
    } catch (error) {
      if (isUniqueViolation(error)) {
        const detail = String(
          (error as { constraint?: string; message?: string }).constraint ?? (error as Error).message,
        );
        throw new DuplicateError(detail.includes('code') ? 'code' : 'name');
      }
      throw error;
    }
  }
}
