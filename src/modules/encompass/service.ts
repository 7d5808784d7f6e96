import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { CalendarService } from '../../platform/calendar/service.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { RecordLocator } from '../../platform/http/route-access.ts';
import { uuidParam } from '../../platform/http/params.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import { EncompassRepository, NOTIFICATION_LISTS } from './repository.ts';
import { pageCount, pageWindow } from '../../platform/views/pagination.ts';
import { childKey, encompassReceivedHook, type PoliceItem, type SchoolSource } from './receive.ts';
import type { ChildKey } from './repository.ts';
import type { PeopleService } from '../people/index.ts';
import { SchoolDays } from './school-days.ts';
import { sendDue } from './sending.ts';
import { SchoolsService } from './schools.ts';
import { loadEncompassSettings, type EncompassSettings } from './settings.ts';

export const ENCOMPASS_RECORD_TYPE = 'encompass-notification';
/** The Hub's lists, in the order the page offers them. */
export const HUB_LISTS = [...NOTIFICATION_LISTS, 'no-child-of-school-age'] as const;
export type HubList = (typeof HUB_LISTS)[number];
const STALE = 'This notification';

/** A step the rules refuse, named by the field to correct. */
export class EncompassRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Who takes part in a notification, as its page decides: the Hub screens every notification; a school's designated
 * safeguarding lead (or deputy, by the email the schools list holds for them) only their own school's (`led`: the
 * URNs of the schools they lead). The drill-down (drill-down.ts) decides the same way.
 */
export function encompassInvolvements(
  user: Principal,
  schoolUrn: string | null,
  led: readonly string[],
): Involvement[] {
  const involvements: Involvement[] = [];
  if (can(user, 'hub:screen').allowed) involvements.push('hub-screener');
  if (schoolUrn && can(user, 'encompass:receive').allowed && led.includes(schoolUrn))
    involvements.push('school-safeguarding-lead');
  return involvements;
}

/**
 * Operation Encompass (issue 15; seed 004): police notifications of domestic abuse become a notification to each
 * school-age child's school, sent to its designated safeguarding lead before the next school day; the school records
 * that it received it and the support it gave; the Hub finds the schools Hearth does not know and watches what is
 * late. Every view and change of a notification is audited against it.
 */
export class EncompassService {
  readonly repository: EncompassRepository;
  readonly schools: SchoolsService;
  readonly notifications: { byId: RecordLocator };
  private settingsCache?: Promise<EncompassSettings>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: {
      notify: Notify;
      calendar: CalendarService;
      districts: () => Promise<string[]>;
      /** What Hearth holds about a child: people matching, and the schools other modules' records named. */
      hearth?: {
        people: Pick<PeopleService, 'onlyLikelyMatch'>;
        schoolsNamed: (personIds: string[]) => Promise<{ school: string; on: Date; from: SchoolSource }[]>;
      };
    },
    private readonly options: { tenant: string; publicUrl: string },
  ) {
    this.repository = new EncompassRepository(db);
    this.schools = new SchoolsService(db, audit, { districts: deps.districts, tenant: options.tenant });
    this.notifications = {
      byId: {
        type: ENCOMPASS_RECORD_TYPE,
        find: async (request, user) => {
          const id = uuidParam(request);
          const found = await this.repository.notification(id);
          return found
            ? {
                id,
                involvements: await this.involvementsOf(user, found.school_urn),
                askAbout: 'the Children and Families Hub',
              }
            : null;
        },
      },
    };
  }

  /** How the user takes part in a notification of the school `schoolUrn` (encompassInvolvements). */
  private async involvementsOf(user: CurrentUser, schoolUrn: string | null): Promise<Involvement[]> {
    const led = schoolUrn && can(user, 'encompass:receive').allowed ? await this.schools.urnsLedBy(user.email) : [];
    return encompassInvolvements(user, schoolUrn, led);
  }

  /** The schools whose designated safeguarding lead the user is (by their email), for the drill-down's lister. */
  schoolsLedBy(user: Principal, email: string): Promise<string[]> {
    return can(user, 'encompass:receive').allowed ? this.schools.urnsLedBy(email) : Promise.resolve([]);
  }

  settings(): Promise<EncompassSettings> {
    this.settingsCache ??= loadEncompassSettings(this.options.tenant).catch((error: unknown) => {
      this.settingsCache = undefined;
      throw error;
    });
    return this.settingsCache;
  }

  async schoolDays(): Promise<SchoolDays> {
    const [settings, calendar] = await Promise.all([this.settings(), this.deps.calendar.calendar()]);
    return new SchoolDays(settings, (day) => calendar.isBankHoliday(day));
  }

  /** The police service's hook (see receive.ts); app wiring passes it to PoliceService.onReceived. */
  policeHook() {
    const hook = encompassReceivedHook({
      repository: this.repository,
      audit: this.audit,
      schoolDays: () => this.schoolDays(),
      fromHearth: (children) => this.schoolsFromHearth(children),
    });
    return {
      prepare: (items: PoliceItem[]) => hook.prepare(items),
      saved: (
        tx: Kysely<DB>,
        actor: AuditActor,
        _sender: unknown,
        received: { requestId: string; item: PoliceItem }[],
        prepared: Awaited<ReturnType<typeof hook.prepare>>,
      ) => hook.saved(tx, actor, received, prepared),
    };
  }

  /**
   * The schools Hearth holds for children no earlier notification knows: each child the people matching finds as one
   * likely person (never a guess between two), then the newest school a Request for Support or early help named for
   * them that the schools list recognises (a URN in the text, or the school's exact name). A child not found, or whose
   * records name no school on the list, waits for the Hub as before. At most 20 children a notification.
   */
  async schoolsFromHearth(children: ChildKey[]) {
    const found = new Map<string, { urn: string; from: SchoolSource }>();
    const hearth = this.deps.hearth;
    if (!hearth) return found;
    for (const child of children.slice(0, 20)) {
      const personId = await hearth.people
        .onlyLikelyMatch({ firstName: child.first_name, lastName: child.last_name, dateOfBirth: child.date_of_birth })
        .catch(() => undefined);
      if (!personId) continue;
      const named = (await hearth.schoolsNamed([personId])).sort((a, b) => b.on.getTime() - a.on.getTime());
      for (const n of named) {
        const urn = await this.schools.recognise(n.school);
        if (urn) {
          found.set(childKey(child), { urn, from: n.from });
          break;
        }
      }
    }
    return found;
  }

  /** The background job's work: send what is due (see sending.ts). */
  sendDue(now = new Date()) {
    return sendDue(
      {
        db: this.db,
        repository: this.repository,
        notify: this.deps.notify,
        audit: this.audit,
        publicUrl: this.options.publicUrl,
      },
      now,
    );
  }

  /** What the police notification's page says about Operation Encompass (null when it is not domestic abuse). */
  async aboutRequest(requestId: string) {
    if (!isUuid(requestId)) return null;
    const incident = await this.repository.incidentOf(requestId);
    if (!incident) return null;
    return { incident, notifications: await this.repository.notificationsOfIncident(incident.id) };
  }

  /** The police notification's page's words: what Operation Encompass did with it (null when not domestic abuse). */
  async policePageSummary(requestId: string) {
    const found = await this.aboutRequest(requestId);
    if (!found) return null;
    const { incident, notifications } = found;
    const unknownAge = incident.children_without_birth_date
      ? ` ${incident.children_without_birth_date === 1 ? 'One child has' : `${incident.children_without_birth_date} children have`} no date of birth: if a child is of school age, tell their school.`
      : '';
    if (notifications.length === 0)
      return {
        summary: `No Operation Encompass notification: no child in this notification is of school age (Reception to Year 13) on the day police attended.${unknownAge}`,
        items: [],
      };
    return {
      summary: `Each child of school age has a notification to their school.${unknownAge}`,
      items: notifications.map((n) => ({
        text: `${n.first_name} ${n.last_name}: ${
          !n.school_urn ? 'school needed' : n.sent_at ? `sent to ${n.school_name}` : `to be sent to ${n.school_name}`
        }`,
        href: `/encompass/${n.id}`,
      })),
    };
  }

  /** One notification's page. The route's declared access has audited the view. */
  async page(id: string) {
    const found = isUuid(id) ? await this.repository.notification(id) : undefined;
    if (!found) return null;
    const settings = await this.settings();
    const names = new Map(settings.supportKinds.map((k) => [k.code, k.name]));
    return { ...found, supportNames: found.support_kinds.map((k) => names.get(k) ?? k) };
  }

  /** The signed-in lead's schools' notifications, and how many wait for "received". */
  async forLead(user: CurrentUser) {
    const urns = await this.schools.urnsLedBy(user.email);
    const rows = await this.repository.forSchools(urns);
    return { rows, waiting: rows.filter((r) => !r.received_at).length, schools: urns.length };
  }

  /**
   * One of the Hub's lists, a page at a time (pageSize rows), with how many each list holds: the school needed, not
   * yet sent, not acknowledged within the tenant's school days, sent late, and police notifications with no child of
   * school age. A page past the end shows the last page.
   */
  async hubPage(list: HubList, page: number, pageSize: number, now = new Date()) {
    const [schoolDays, settings] = await Promise.all([this.schoolDays(), this.settings()]);
    const within = settings.acknowledgeWithinSchoolDays;
    const sentBy = schoolDays.latestDayWithSchoolDaysSince(now, within);
    const none = { limit: 0, offset: 0 };
    const read = (p: number) =>
      list === 'no-child-of-school-age'
        ? this.repository.withoutSchoolAge(pageWindow(p, pageSize)).then((r) => ({ ...r, incidents: true as const }))
        : this.repository
            .hubList(list, pageWindow(p, pageSize), sentBy)
            .then((r) => ({ ...r, incidents: false as const }));
    const totals = await Promise.all([
      ...NOTIFICATION_LISTS.map((l) => this.repository.hubList(l, none, sentBy).then((r) => r.total)),
      this.repository.withoutSchoolAge(none).then((r) => r.total),
    ]);
    let shown = await read(page);
    const pages = pageCount(shown.total, pageSize);
    if (page > pages) shown = await read(pages);
    return {
      list,
      page: Math.min(page, pages),
      pages,
      shown,
      counts: Object.fromEntries(HUB_LISTS.map((l, i) => [l, totals[i]!])) as Record<HubList, number>,
      acknowledgeWithin: within,
    };
  }

  /** The Hub chooses the child's school from the schools list; the notification is then sent by the job. */
  async chooseSchool(actor: AuditActor, id: string, version: number, urn: string) {
    const school = await this.schools.byUrn(urn);
    if (!school || !school.is_active) throw new EncompassRuleError('school', 'Select a school from the list');
    await this.db.transaction().execute(async (tx) => {
      const current = await this.repository.notification(id, tx);
      if (!current) throw new EncompassRuleError('school', 'There is no such notification');
      if (current.sent_at)
        throw new EncompassRuleError('school', 'This notification has already been sent to its school');
      await updateVersioned(
        tx,
        'encompass_notifications',
        { id, version, by: actor.userId, what: STALE },
        { school_urn: urn, school_chosen_by: actor.userId, school_chosen_at: new Date(), send_problem: null },
      );
      await this.record(tx, actor, id, 'encompass.school-chosen', { urn });
    });
  }

  /**
   * The school records that it received the notification: once. One conditional update decides, so of ten at once
   * one wins; a second is refused naming who recorded it and when, and nothing is changed.
   */
  async acknowledge(actor: AuditActor, id: string, version: number) {
    await this.db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable('encompass_notifications')
        .set((eb) => ({
          received_at: new Date(),
          received_by: actor.userId,
          updated_at: new Date(),
          updated_by: actor.userId,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('received_at', 'is', null)
        .where('sent_at', 'is not', null)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 1) return this.record(tx, actor, id, 'encompass.received', {});
      const now = await this.repository.notification(id, tx);
      if (now?.received_at)
        throw new EncompassRuleError(
          'form',
          `${now.received_by_name ?? 'Someone'} already recorded that the school received this notification, on ${now.received_at.toISOString().slice(0, 10)}. Nothing has changed.`,
        );
      if (now && !now.sent_at)
        throw new EncompassRuleError('form', 'This notification has not been sent to the school yet');
      throw new StaleVersionError(STALE);
    });
  }

  /** What support the school gave (kinds from the tenant's list and what it did, in its words); may be updated. */
  async recordSupport(actor: AuditActor, id: string, version: number, input: { kinds: string[]; details: string }) {
    const settings = await this.settings();
    const codes = new Set(settings.supportKinds.map((k) => k.code));
    if (input.kinds.length === 0 && !input.details.trim())
      throw new EncompassRuleError('kinds', 'Select the support the school gave, or describe it');
    if (input.kinds.some((k) => !codes.has(k))) throw new EncompassRuleError('kinds', 'Select support from the list');
    await this.db.transaction().execute(async (tx) => {
      const current = await this.repository.notification(id, tx);
      if (!current?.received_at)
        throw new EncompassRuleError('kinds', 'Record that the school received the notification first');
      await updateVersioned(
        tx,
        'encompass_notifications',
        { id, version, by: actor.userId, what: STALE },
        {
          support_kinds: input.kinds,
          support_details: input.details.trim() || null,
          support_at: new Date(),
          support_by: actor.userId,
        },
      );
      await this.record(tx, actor, id, 'encompass.support-recorded', { kinds: input.kinds });
    });
  }

  private record(tx: Kysely<DB>, actor: AuditActor, id: string, action: string, details: Record<string, unknown>) {
    return this.audit.record(
      actor,
      { action, outcome: 'success', subjectType: ENCOMPASS_RECORD_TYPE, subjectId: id, details },
      tx,
    );
  }
}
