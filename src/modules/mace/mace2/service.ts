import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { MacePanelService } from '../panels/service.ts';
import { Mace2Access, type Quadrant } from './access.ts';
import { mace2Records, type Mace2Records } from './records.ts';
import { Mace2Repository } from './repository.ts';
import type { PersonInput, PlaceInput, ProfileInput } from './schemas.ts';

export interface Mace2Deps {
  panels: MacePanelService;
  reference: ReferenceService;
}

/**
 * MACE 2 (issue 13; seed 002): "the joint operational activity necessary to tackle Child Exploitation threats
 * within the Essex geographical quadrants". A quadrant's page, its places of concern (a panel member may add one),
 * its persons of concern (restricted to the panel: a coordinator records them) and its problem profile, versioned
 * by date. Every view is audited, a refusal too. Meetings, actions and figures: meetings.ts.
 */
export class Mace2Service {
  readonly access: Mace2Access;
  /** How MACE 2's routes find their record and the user's place on its panel (records.ts). */
  readonly records: Mace2Records;
  private readonly repository: Mace2Repository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: Mace2Deps,
  ) {
    this.access = new Mace2Access(audit, deps);
    this.repository = new Mace2Repository(db);
    this.records = mace2Records(this.access, this.repository);
  }

  /** A quadrant's places and persons of concern and problem profiles, for forms already let in by `formFor`. */
  placesOf(quadrant: Quadrant) {
    return this.repository.places(quadrant.id);
  }
  personsOf(quadrant: Quadrant) {
    return this.repository.persons(quadrant.id);
  }
  profilesOf(quadrant: Quadrant) {
    return this.repository.profiles(quadrant.id);
  }

  /** The partner agencies: who owns an action, who was present at a meeting. */
  organisations() {
    return this.deps.reference.organisations();
  }

  async placeKinds() {
    return (await this.deps.reference.maceSettings()).placeKinds;
  }

  /** The quadrants whose MACE 2 work the user takes part in. */
  quadrants(user: Principal) {
    return this.access.quadrantsOf(user);
  }

  /** A quadrant's page: profile, meetings, places, persons and open actions. Null if there is no such quadrant. */
  async overview(actor: AuditActor, user: Principal, code: string) {
    const quadrant = await this.access.quadrantByCode(code);
    if (!quadrant) return null;
    const { coordinates } = await this.access.toView(actor, user, quadrant, { type: 'mace2-quadrant' });
    const r = this.repository;
    const [profiles, meetings, places, persons, actions] = await Promise.all([
      r.profiles(quadrant.id),
      r.meetings(quadrant.id),
      r.places(quadrant.id),
      r.persons(quadrant.id),
      r.actions(quadrant.id, { openOnly: true }),
    ]);
    await this.access.viewed(actor, { type: 'mace2-quadrant', id: quadrant.id }, quadrant, {
      persons: persons.map((p) => p.id),
    });
    return { quadrant, coordinates, profiles, meetings, places, persons, actions, today: todayInLondon() };
  }

  /** Opens a form of the quadrant for a panel member (places) or a coordinator (the rest). */
  async formFor(actor: AuditActor, user: Principal, code: string, what: 'place' | 'coordinator', doing: string) {
    const quadrant = await this.access.quadrantByCode(code);
    if (!quadrant) return null;
    await this.access.toEdit(actor, user, quadrant, { type: 'mace2-quadrant', id: quadrant.id });
    if (what === 'coordinator')
      await this.access.toCoordinate(actor, user, quadrant, { type: 'mace2-quadrant', id: quadrant.id, doing });
    return quadrant;
  }

  async addPlace(actor: AuditActor, user: Principal, quadrant: Quadrant, input: PlaceInput): Promise<string> {
    await this.access.toEdit(actor, user, quadrant, { type: 'mace2-place' });
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insertPlace(tx, {
        id,
        quadrant_id: quadrant.id,
        kind: input.kind,
        name: input.name,
        district: input.district,
        description: input.description,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      await this.recorded(actor, tx, 'mace2-place', id, quadrant, { kind: input.kind, district: input.district });
    });
    return id;
  }

  async place(actor: AuditActor, user: Principal, id: string) {
    const place = isUuid(id) ? await this.repository.place(id) : undefined;
    if (!place) return null;
    const quadrant = (await this.access.quadrantById(place.quadrant_id))!;
    const access = await this.access.toView(actor, user, quadrant, { type: 'mace2-place', id });
    const [persons, actions] = await Promise.all([
      this.repository.personsAt(id),
      this.repository.actions(quadrant.id, { openOnly: false }),
    ]);
    await this.access.viewed(actor, { type: 'mace2-place', id }, quadrant);
    return { ...access, place, persons, actions: actions.filter((a) => a.place_id === id) };
  }

  /** Opens or closes a place; a panel member or coordinator, if nobody else changed it since (false if they did). */
  async setPlaceStatus(
    actor: AuditActor,
    user: Principal,
    id: string,
    change: { status: 'open' | 'closed'; version: number },
  ) {
    const found = await this.place(actor, user, id);
    if (!found) return null;
    await this.access.toEdit(actor, user, found.quadrant, { type: 'mace2-place', id });
    const saved = await this.repository.setPlaceStatus({ id, version: change.version, by: user.id }, change.status);
    if (saved)
      await this.audit.record(actor, {
        action: 'mace2-place.status-changed',
        outcome: 'success',
        subjectType: 'mace2-place',
        subjectId: id,
        details: { status: change.status },
      });
    return saved;
  }

  async addPerson(actor: AuditActor, user: Principal, quadrant: Quadrant, input: PersonInput): Promise<string> {
    await this.access.toView(actor, user, quadrant, { type: 'mace2-person' });
    await this.access.toCoordinate(actor, user, quadrant, {
      type: 'mace2-person',
      doing: 'record a person of concern',
    });
    const places = new Set((await this.repository.places(quadrant.id)).map((p) => p.id));
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insertPerson(
        tx,
        {
          id,
          quadrant_id: quadrant.id,
          name: input.name,
          approximate_age: input.approximateAge,
          description: input.description,
          district: input.district,
          created_by: actor.userId,
          updated_by: actor.userId,
        },
        input.places.filter((p) => places.has(p)),
      );
      await this.recorded(actor, tx, 'mace2-person', id, quadrant, { district: input.district });
    });
    return id;
  }

  async person(actor: AuditActor, user: Principal, id: string) {
    const person = isUuid(id) ? await this.repository.person(id) : undefined;
    if (!person) return null;
    const quadrant = (await this.access.quadrantById(person.quadrant_id))!;
    const access = await this.access.toView(actor, user, quadrant, { type: 'mace2-person', id });
    const [places, actions] = await Promise.all([
      this.repository.placesOfPerson(id),
      this.repository.actions(quadrant.id, { openOnly: false }),
    ]);
    await this.access.viewed(actor, { type: 'mace2-person', id }, quadrant);
    return { ...access, person, places, actions: actions.filter((a) => a.person_id === id) };
  }

  /** A new version of the quadrant's problem profile, dated today; the earlier versions stay. */
  async addProfile(actor: AuditActor, user: Principal, quadrant: Quadrant, input: ProfileInput): Promise<string> {
    await this.access.toView(actor, user, quadrant, { type: 'mace2-profile' });
    await this.access.toCoordinate(actor, user, quadrant, {
      type: 'mace2-profile',
      doing: 'change the problem profile',
    });
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insertProfile(tx, {
        id,
        quadrant_id: quadrant.id,
        as_of: todayInLondon(),
        summary: input.summary,
        themes: input.themes,
        created_by: actor.userId,
      });
      await this.recorded(actor, tx, 'mace2-profile', id, quadrant);
    });
    return id;
  }

  private recorded(
    actor: AuditActor,
    tx: Kysely<DB>,
    type: string,
    id: string,
    quadrant: Quadrant,
    details: Record<string, unknown> = {},
  ) {
    return this.audit.record(
      actor,
      {
        action: `${type}.recorded`,
        outcome: 'success',
        subjectType: type,
        subjectId: id,
        details: { quadrant: quadrant.code, ...details },
      },
      tx,
    );
  }
}
