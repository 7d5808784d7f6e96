import type { AuditActor } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { FAMILY_RECORD_TYPE } from '../records.ts';
import { familyNameFor, relationshipFromRequest } from '../rules.ts';
import { memberDetails, personName, type EarlyHelpCore } from './core.ts';
import { EarlyHelpDenied, EarlyHelpError, type LeadChoice, type PartnerStartInput, type Viewer } from './types.ts';

/** Opening early help: the Hub's work taken on by a receiving team, or a partner's own start at level 2; choosing the person and the family. */
export class FamilyStart {
  constructor(private readonly core: EarlyHelpCore) {}

  private acceptableKinds(viewer: Principal): ('taf' | 'family-solutions')[] {
    return [
      ...(can(viewer, 'early-help:accept-taf').allowed ? (['taf'] as const) : []),
      ...(can(viewer, 'early-help:accept-family-solutions').allowed ? (['family-solutions'] as const) : []),
    ];
  }

  private async districtsOf(viewer: Principal): Promise<string[]> {
    const teams = await Promise.all(viewer.teamIds.map((id) => this.core.deps.reference.team(id)));
    return [...new Set(teams.flatMap((t) => t?.districts ?? []))];
  }

  /**
   * Open Hub work the viewer's role takes on (TAF for TAF support officers, Family Solutions for its
   * workers and managers) in the districts their teams cover, oldest first, with the children's names.
   */
  async workList(viewer: Principal) {
    const kinds = this.acceptableKinds(viewer);
    const districts = await this.districtsOf(viewer);
    if (!kinds.length || !districts.length) return { items: [], kinds, districts };
    const [items, districtRows] = await Promise.all([
      Promise.all(kinds.map((k) => this.core.deps.hub.openWorkItems(k, districts))),
      this.core.deps.reference.districts(),
    ]);
    const names = new Map(districtRows.map((d) => [d.code, d.name]));
    const rows = items.flat().sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    const withPeople = await Promise.all(
      rows.map(async (item) => {
        const request = await this.core.deps.frontDoor.request(item.request_id);
        return {
          ...item,
          districtName: names.get(item.district_code) ?? item.district_code,
          displayReference: request?.displayReference ?? item.reference,
          children: (request?.people ?? []).filter((p) => p.role === 'child').map(personName),
        };
      }),
    );
    return { items: withPeople, kinds, districts };
  }

  /** One open work item the viewer may take on, with its request and the lead the Hub suggested (the take-on page). */
  async workItem(viewer: Principal, workItemId: string) {
    const { items } = await this.workList(viewer);
    const item = items.find((w) => w.id === workItemId);
    if (!item) return null;
    const request = await this.core.deps.frontDoor.request(item.request_id);
    return {
      ...item,
      requester: request?.requester_user_id
        ? { name: request.requester_name, organisation: request.requester_organisation_name }
        : null,
    };
  }

  /**
   * Takes on a Hub work item: accepts it through HubService (a second taker is told), then opens the
   * family (or finds the one its people already belong to) and the episode at the decision's level,
   * with the needs the request named. Family Solutions: the accepting worker is lead professional and
   * allocated worker. A Team Around the Family: the TAF Support Officer supports, and the lead is the
   * practitioner `input.lead` names, or "not yet agreed" (seeds 002 and 004: TAFSOs do not hold cases).
   * Every person on the request must already be linked to a person record by the Hub.
   */
  async startFromWorkItem(
    actor: AuditActor,
    viewer: Viewer,
    workItemId: string,
    version: number,
    input: { familyName?: string; lead?: LeadChoice } = {},
  ) {
    if (!isUuid(workItemId)) throw new EarlyHelpError('workItem', 'There is no such piece of work');
    const kinds = this.acceptableKinds(viewer);
    if (!kinds.length) throw new EarlyHelpDenied('Your role does not take on work from the Hub');
    // Only work in the districts the viewer's teams cover, as the work list shows it.
    const districts = await this.districtsOf(viewer);
    const open = districts.length
      ? (await Promise.all(kinds.map((k) => this.core.deps.hub.openWorkItems(k, districts)))).flat()
      : [];
    const item = open.find((w) => w.id === workItemId);
    if (!item) {
      const taken = await this.core.repository.episodeForWorkItem(workItemId);
      throw new EarlyHelpError(
        'workItem',
        taken
          ? `This work has already been taken on${taken.lead_name ? ` by ${taken.lead_name}` : ''}`
          : 'This work is no longer open, or is not for your team',
      );
    }
    if (item.version !== version) throw new StaleVersionError('This piece of work');
    const request = await this.core.deps.frontDoor.request(item.request_id);
    if (!request) throw new EarlyHelpError('workItem', 'There is no such piece of work');
    const unlinked = request.people.filter((p) => !p.person_id);
    if (unlinked.length) {
      throw new EarlyHelpError(
        'workItem',
        `The Hub has not yet matched ${unlinked.map(personName).join(', ')} to a person record. Ask the Hub to link everyone on request ${request.displayReference} (“who is this?”) before taking this work on`,
      );
    }
    const lead = item.kind === 'taf' ? await this.leadFor(input.lead, request.requester_user_id) : viewer;
    const personIds = [...new Set(request.people.map((p) => p.person_id!))];
    const existing = await this.reusableFamily(personIds);
    const teamId = await this.teamFor(viewer, item.district_code);
    const firstChild = request.people.find((p) => p.role === 'child') ?? request.people[0];
    const withAddress = request.people.find((p) => p.address?.trim());
    const level = item.level;

    const familyId = existing ?? newId();
    const episodeId = newId();
    // The Hub's acceptance joins this transaction: the work is taken on if and only if the episode exists.
    await this.core.db.transaction().execute(async (tx) => {
      await this.core.deps.hub.acceptWorkItem(actor, workItemId, version, tx);
      if (!existing) {
        await this.core.repository.insertFamily(tx, {
          id: familyId,
          name: input.familyName?.trim() || familyNameFor(firstChild?.last_name),
          district_code: request.district_code,
          created_by: actor.userId,
          updated_by: actor.userId,
        });
        if (withAddress)
          await this.core.insertAddress(tx, actor, familyId, {
            address: withAddress.address!.trim(),
            postcode: withAddress.postcode,
          });
      } else {
        await tx
          .updateTable('families')
          .set((eb) => ({ updated_at: new Date(), updated_by: actor.userId, version: eb('version', '+', 1) }))
          .where('id', '=', familyId)
          .execute();
      }
      for (const p of request.people) {
        const details = memberDetails({ schoolOrSetting: p.school, gp: p.gp });
        const member = await this.core.repository.activeMember(familyId, p.person_id!, tx);
        if (!member)
          await this.core.insertMember(tx, actor, familyId, p.person_id!, relationshipFromRequest(p.role), details);
        // Someone already in the family keeps what was recorded unless the request says something newer.
        else if (details.school_or_setting || details.gp)
          await tx
            .updateTable('family_members')
            .set({
              ...(details.school_or_setting ? { school_or_setting: details.school_or_setting } : {}),
              ...(details.gp ? { gp: details.gp } : {}),
            })
            .where('id', '=', member.id)
            .execute();
      }
      await this.core.insertEpisode(tx, actor, {
        id: episodeId,
        familyId,
        level,
        pathway: item.kind as 'taf' | 'family-solutions',
        openedFrom: 'hub-decision',
        workItemId,
        requestId: item.request_id,
        teamId,
        reason: `Hub decision on request ${request.displayReference}`,
        leadId: lead?.id ?? null,
        involved:
          item.kind === 'taf'
            ? [
                ...(lead ? [{ user: lead, roles: ['lead-professional'] as const }] : []),
                { user: viewer, roles: ['taf-support'] as const },
              ]
            : [{ user: viewer, roles: ['lead-professional', 'allocated-worker'] as const }],
      });
      const worries = (request.worries as { area: string; details: string }[]) ?? [];
      for (const w of worries) {
        if (w.details?.trim())
          await tx
            .insertInto('episode_needs')
            .values({
              id: newId(),
              episode_id: episodeId,
              outcome_area: w.area,
              description: w.details.trim().slice(0, 2000),
              identified_by: actor.userId,
            })
            .execute();
      }
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.episode.opened',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: {
            episodeId,
            from: 'hub-decision',
            workItemId,
            requestId: item.request_id,
            level,
            leadProfessional: lead?.id ?? null,
            ...(item.kind === 'taf' ? { supportedBy: viewer.id } : {}),
          },
        },
        tx,
      );
    });
    return { familyId, episodeId, kind: item.kind, lead: lead ? { id: lead.id, displayName: lead.displayName } : null };
  }

  /** The lead professional of a Team Around the Family taken on from the Hub, as chosen; null when not yet agreed. */
  private async leadFor(choice: LeadChoice | undefined, requesterUserId: string | null) {
    switch (choice?.kind) {
      case undefined:
        throw new EarlyHelpError(
          'lead',
          'Choose who will be the family’s lead professional, or that it is not yet agreed',
        );
      case 'not-agreed':
        return null;
      case 'requester':
        if (!requesterUserId)
          throw new EarlyHelpError(
            'lead',
            'This request was not made by a practitioner who uses Hearth: name the lead professional by email, or choose “not yet agreed”',
          );
        return this.core.leadPractitioner({ id: requesterUserId }, 'lead');
      case 'practitioner':
        return this.core.leadPractitioner({ email: choice.email }, 'leadEmail');
    }
  }

  /**
   * A partner practitioner (or Family Solutions) starts early help directly at level 2 for someone found
   * through PeopleService, or a new record when nobody is likely to be them, and leads it. A TAF Support
   * Officer does not: they support the partner who leads (the policy's early-help:lead).
   */
  async startByPartner(actor: AuditActor, viewer: Viewer, input: PartnerStartInput) {
    if (!can(viewer, 'early-help:lead').allowed)
      throw new EarlyHelpDenied(
        'Early help is started by the practitioner who will lead it. A TAF Support Officer supports them and does not hold cases',
      );
    const districts = await this.core.deps.reference.districts();
    if (!districts.some((d) => d.code === input.districtCode))
      throw new EarlyHelpError('districtCode', 'Select the district the family lives in');
    const familyName = input.familyName.trim();
    if (!familyName || familyName.length > 200)
      throw new EarlyHelpError('familyName', 'Enter the name the family is known by, 200 characters or fewer');
    const personId = await this.core.choosePerson(actor, input.person);
    const existing = await this.reusableFamily([personId]);
    const teamId = await this.teamFor(viewer, input.districtCode);
    const familyId = existing ?? newId();
    const episodeId = newId();
    await this.core.db.transaction().execute(async (tx) => {
      if (!existing) {
        await this.core.repository.insertFamily(tx, {
          id: familyId,
          name: familyName,
          district_code: input.districtCode,
          created_by: actor.userId,
          updated_by: actor.userId,
        });
        await this.core.insertMember(tx, actor, familyId, personId, input.relationship);
      }
      if (input.address?.address.trim()) await this.core.insertAddress(tx, actor, familyId, input.address);
      await this.core.insertEpisode(tx, actor, {
        id: episodeId,
        familyId,
        level: 2,
        pathway: 'taf',
        openedFrom: 'partner-start',
        workItemId: null,
        requestId: null,
        teamId,
        reason: 'Early help started by a partner at level 2',
        leadId: viewer.id,
        involved: [{ user: viewer, roles: ['lead-professional'] }],
      });
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.episode.opened',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: { episodeId, from: 'partner-start', level: 2 },
        },
        tx,
      );
    });
    return { familyId, episodeId };
  }

  /**
   * The family these people already belong to, so a second spell of early help keeps one history.
   * Refused when that family has an episode open now.
   */
  private async reusableFamily(personIds: string[]): Promise<string | null> {
    const [family] = await this.core.repository.familiesOf(personIds);
    if (!family) return null;
    const open = await this.core.repository.openEpisodeOf(family.id);
    if (open)
      throw new EarlyHelpError(
        'workItem',
        `${family.name} already has early help open${open.lead_name ? `, led by ${open.lead_name}` : ''}. Ask them to add this to their work`,
      );
    return family.id;
  }

  /** The viewer's team that covers the district, to allocate the episode to. */
  private async teamFor(viewer: Principal, districtCode: string): Promise<string | null> {
    for (const id of viewer.teamIds) {
      const team = await this.core.deps.reference.team(id);
      if (team?.districts.includes(districtCode)) return id;
    }
    return viewer.teamIds[0] ?? null;
  }
}
