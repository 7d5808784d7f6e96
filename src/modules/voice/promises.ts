import type { AuditActor } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { VoiceRefused, type VoiceCore } from './core.ts';
import type { VersionInput } from './schemas.ts';

/**
 * The Pledge and the Care Leavers Charter (seed 004: "Each year they get to have a say about what is important to them
 * and whether the promises need to change"): one version a year, with its promises, who agreed it and when, what
 * changed in words, and the promises added and dropped since the version before, worked out from the text.
 */
export class VoicePromises {
  constructor(private readonly c: VoiceCore) {}

  async add(actor: AuditActor, user: Principal, input: VersionInput): Promise<string> {
    await this.c.toManage(actor, user, 'voice-promise-version', 'record a revision of the Pledge or the Charter');
    if (!this.c.settings.documents.some((d) => d.code === input.document))
      throw new VoiceRefused('document', 'Select the Pledge or the Charter');
    const id = newId();
    try {
      await this.c.write(
        actor,
        { action: 'voice.promise-version.added', subjectType: 'voice-promise-version', subjectId: id },
        async (tx) => {
          await tx
            .insertInto('voice_promise_versions')
            .values({
              id,
              document: input.document,
              year: input.year,
              agreed_on: input.agreedOn,
              agreed_by: input.agreedBy,
              what_changed: input.whatChanged,
              created_by: user.id,
            })
            .execute();
          await tx
            .insertInto('voice_promises')
            .values(input.promises.map((text, i) => ({ version_id: id, position: i + 1, text })))
            .execute();
        },
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new VoiceRefused('year', `There is already a version for ${input.year}: each year has one`);
      throw error;
    }
    return id;
  }

  /** Every version, newest first within each document. */
  versions() {
    return this.c.db
      .selectFrom('voice_promise_versions')
      .selectAll()
      .orderBy('document')
      .orderBy('year', 'desc')
      .execute();
  }

  /** One version with its promises and what was added and dropped since the version before it. */
  async version(id: string) {
    const version = await this.c.db
      .selectFrom('voice_promise_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!version) return null;
    const before = await this.c.db
      .selectFrom('voice_promise_versions')
      .selectAll()
      .where('document', '=', version.document)
      .where('year', '<', version.year)
      .orderBy('year', 'desc')
      .executeTakeFirst();
    const promisesOf = (versionId: string) =>
      this.c.db
        .selectFrom('voice_promises')
        .select('text')
        .where('version_id', '=', versionId)
        .orderBy('position')
        .execute();
    const promises = (await promisesOf(version.id)).map((p) => p.text);
    const earlier = before ? (await promisesOf(before.id)).map((p) => p.text) : null;
    return {
      version,
      before: before ?? null,
      promises,
      added: earlier ? promises.filter((p) => !earlier.includes(p)) : [],
      dropped: earlier ? earlier.filter((p) => !promises.includes(p)) : [],
    };
  }
}
