/** Importing from an Open Referral UK API, against a local fake API (transfers.test-support.ts). */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../platform/audit/audit.ts';
import { ReferenceService } from '../../reference/index.ts';
import { DirectoryTransfers, TransferError } from './service.ts';
import {
  example,
  IMPOSSIBLE,
  actor,
  moderator,
  WHERE,
  defaults,
  served,
  count,
  auditActions,
  db,
  directory,
  transfers,
  base,
  fake,
  useTransfersFixture,
} from './transfers.test-support.ts';

useTransfersFixture();

describe('importing from an Open Referral UK API', () => {
  let importId: string;

  it('pages through the API, creates what it can and says why it rejected the rest', async () => {
    fake.missing = [...served.keys()][2]!;
    const before = await auditActions();
    const result = await transfers.importFromOruk(actor, { url: `${base}/api/oruk/`, defaults });
    importId = result.importId;
    const { report } = result;
    expect(report.created.map((c) => c.name)).toEqual(
      [...served.values()].filter((s) => String(s.id).startsWith('2000') && s.id !== fake.missing).map((s) => s.name),
    );
    expect(report.created).toHaveLength(7);
    expect(report.updated).toEqual([]);
    expect(report.unchanged).toEqual([]);
    expect(report.rejected).toEqual([
      {
        externalId: fake.missing,
        name: served.get(fake.missing)!.name,
        reasons: [
          'Its full record could not be fetched. The API answered /api/oruk/services/' +
            fake.missing +
            ' with an error (HTTP 404)',
        ],
      },
      {
        externalId: example().id,
        name: 'Community Counselling',
        reasons: [
          'Its organisation, “Example Organization Inc.”, is not one of Hearth’s: add it on the Organisations page, or choose an organisation on the import form',
          WHERE,
          ...IMPOSSIBLE,
        ],
      },
      {
        externalId: '30000000-0000-4000-8000-000000000001',
        name: 'Community Counselling (corrected)',
        reasons: [
          'Its organisation, “Example Organization Inc.”, is not one of Hearth’s: add it on the Organisations page, or choose an organisation on the import form',
          WHERE,
        ],
      },
    ]);
    // One audit event for the run, and the run kept for its report page.
    expect((await auditActions()).slice(before.length)).toEqual(['directory.import.completed']);
    const run = await transfers.importRun(importId);
    expect(run).toMatchObject({
      kind: 'oruk',
      source: `${base}/api/oruk`,
      counts: { created: 7, updated: 0, unchanged: 0, rejected: 3 },
    });
    expect(run!.report).toEqual(report);
    // The new services are live and found by search.
    const first = report.created.find((c) => served.get(c.externalId!)!.status === 'active')!;
    const live = await directory.publicService(first.serviceId, null);
    expect(live?.content.name).toBe(first.name);
    expect((await directory.search({ words: first.name }, moderator)).services.map((s) => s.id)).toContain(
      first.serviceId,
    );
  });

  it('changes nothing when the same API is imported again, and uses the organisation and area chosen on the form', async () => {
    fake.missing = '';
    const versions = await count('directory_service_versions');
    const chosen = {
      ...defaults,
      countywide: true,
      organisationId: (
        await db.selectFrom('organisations').select('id').where('code', '=', 'barnardos').executeTakeFirstOrThrow()
      ).id,
    };
    const { report } = await transfers.importFromOruk(actor, { url: `${base}/api/oruk`, defaults: chosen });
    expect(report.unchanged).toHaveLength(7);
    expect(report.created.map((c) => c.name)).toEqual([
      served.get([...served.keys()][2]!)!.name,
      'Community Counselling (corrected)',
    ]);
    expect(report.rejected).toEqual([{ externalId: example().id, name: 'Community Counselling', reasons: IMPOSSIBLE }]);
    expect(await count('directory_service_versions')).toBe(versions + 2);

    const again = await transfers.importFromOruk(actor, { url: `${base}/api/oruk`, defaults: chosen });
    expect(again.report).toMatchObject({ created: [], updated: [] });
    expect(again.report.unchanged).toHaveLength(9);
    expect(await count('directory_service_versions')).toBe(versions + 2);
  });

  it('makes a changed service a new approved version, live at once, keeping the old one', async () => {
    const [id, service] = [...served.entries()][0]!;
    served.set(id, { ...service, description: 'A new description from the other council.' });
    const { report } = await transfers.importFromOruk(actor, { url: `${base}/api/oruk`, defaults });
    expect(report.updated.map((u) => u.externalId)).toEqual([id]);
    const serviceId = report.updated[0]!.serviceId;
    const versions = await db
      .selectFrom('directory_service_versions')
      .select(['number', 'state', 'decision_reason'])
      .where('service_id', '=', serviceId)
      .orderBy('number')
      .execute();
    expect(versions).toEqual([
      { number: 1, state: 'superseded', decision_reason: `Imported from ${base}/api/oruk` },
      { number: 2, state: 'approved', decision_reason: `Imported from ${base}/api/oruk` },
    ]);
    expect((await directory.publicService(serviceId, null))?.content.description).toBe(
      'A new description from the other council.',
    );
  });

  it('says clearly when the API cannot be read, and saves nothing', async () => {
    const runs = await count('directory_imports');
    const attempt = (url: string, other = transfers) =>
      other.importFromOruk(actor, { url, defaults }).then(
        () => 'no error',
        (error: unknown) => (error instanceof TransferError ? error.message : `unexpected ${String(error)}`),
      );
    const closed = Fastify();
    const closedBase = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const host = new URL(closedBase).host;
    expect(await attempt(`${closedBase}/api`)).toBe(
      `The server at ${host} refused the connection: check the address, or try again later`,
    );
    expect(await attempt(`${base}/not-oruk`)).toBe(
      'The answer to /not-oruk/services (page 1) is not an Open Referral UK list of services: check this is the API’s base address, like https://example.org/api/oruk',
    );
    expect(await attempt(`${base}/web-page`)).toBe(
      'The API’s answer to /web-page/services?page=1&per_page=4 is not JSON (it is a web page): check this is the address of an Open Referral UK API',
    );
    expect(await attempt(`${base}/nothing-here`)).toBe(
      'The API answered /nothing-here/services?page=1&per_page=4 with an error (HTTP 404)',
    );
    expect(await attempt(`${base}/moved`)).toBe(
      'The API sent Hearth to another address (https://example.org/api/oruk/services) for /moved/services?page=1&per_page=4: enter that address instead',
    );
    expect(await attempt('https://no-such-host.invalid/api')).toBe(
      'There is no server called no-such-host.invalid, or it cannot be reached from here: check the address',
    );
    const impatient = new DirectoryTransfers(
      db,
      new AuditLog(db),
      directory.repository,
      new ReferenceService(db, new AuditLog(db)),
      { allowPrivateNetworks: true, timeoutMs: 200 },
    );
    expect(await attempt(`${base}/slow`, impatient)).toBe(
      `The server at ${new URL(base).host} did not answer within 0.2 seconds: try again later`,
    );
    expect(await count('directory_imports')).toBe(runs);
    expect((await auditActions()).filter((a) => a === 'directory.import.failed')).toHaveLength(7);
  });

  it('refuses addresses on private and local networks unless told otherwise', async () => {
    const guarded = new DirectoryTransfers(
      db,
      new AuditLog(db),
      directory.repository,
      new ReferenceService(db, new AuditLog(db)),
    );
    const port = new URL(base).port;
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '169.254.169.254']) {
      const message = await guarded.importFromOruk(actor, { url: `http://${host}:${port}/api/oruk`, defaults }).then(
        () => 'imported',
        (error: Error) => error.message,
      );
      expect(message).toMatch(
        /^Hearth does not import from addresses on a private or local network \(.+\): enter the API’s public address$/,
      );
    }
  });
});

// ---- CSV ----
