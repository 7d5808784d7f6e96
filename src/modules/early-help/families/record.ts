import { can, type Decision, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import { familyContacts } from '../../front-door/index.ts';
import { personName, type EarlyHelpCore } from './core.ts';

type FamilyRow = NonNullable<Awaited<ReturnType<EarlyHelpCore['repository']['family']>>>;

/** Whether the policy lets the viewer see the family: an involvement, or a break-glass grant in force. */
export const mayViewFamily = (
  viewer: Principal,
  familyId: string,
  involvements: readonly Involvement[],
  breakGlass: boolean,
): Decision => can(viewer, 'record:view', { type: 'record', id: familyId, involvements, breakGlass });

/**
 * The family's record as its page shows it, for a viewer the policy has let see it: members (with their language and
 * SEND as the latest request said them), addresses, and each episode's levels, needs, people and TAF partners.
 */
export class FamilyRecords {
  constructor(private readonly core: EarlyHelpCore) {}

  async record(viewer: Principal, family: FamilyRow, involvements: readonly Involvement[]) {
    const familyId = family.id;
    const [members, addresses, episodes] = await Promise.all([
      this.core.members(familyId),
      this.core.repository.addresses(familyId),
      this.core.repository.episodesOf(familyId),
    ]);
    const ids = episodes.map((e) => e.id);
    const [levels, needs, involved, partners] = await Promise.all([
      this.core.repository.levels(ids),
      this.core.repository.needs(ids),
      this.core.repository.involvements(ids),
      this.core.repository.tafPartners(ids),
    ]);
    const canEdit = can(viewer, 'record:edit', { type: 'record', id: familyId, involvements }).allowed;
    // How to reach the family safely, and each person's language and SEND, as the latest request said them.
    const requestId = episodes.find((e) => e.request_id)?.request_id;
    const request = requestId ? await this.core.deps.frontDoor.request(requestId) : null;
    const entered = new Map((request?.people ?? []).filter((p) => p.person_id).map((p) => [p.person_id!, p]));
    return {
      family,
      involvements,
      canEdit,
      contact: request ? familyContacts(request) : null,
      members: members.map((m) => {
        const said = entered.get(m.person_id);
        return {
          ...m,
          name: personName(m),
          current: m.to_date === null,
          language: said?.language
            ? `${said.language}${said.interpreter_needed ? ' (needs an interpreter)' : ''}`
            : said?.interpreter_needed
              ? 'Needs an interpreter'
              : null,
          send: said ? (said.has_send ? said.send_details || 'Yes' : 'No') : null,
        };
      }),
      addresses,
      episodes: episodes.map((e) => ({
        ...e,
        levels: levels.filter((l) => l.episode_id === e.id),
        needs: needs.filter((n) => n.episode_id === e.id),
        involved: involved.filter((i) => i.episode_id === e.id),
        /** In the TAF without a Hearth account: invited to meetings, no access to the record. */
        partners: partners.filter((p) => p.episode_id === e.id),
      })),
    };
  }
}
