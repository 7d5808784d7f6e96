/**
 * npm run bench:intake (or npm run bench intake) — sustained intake of police notifications.
 *
 * On a new scratch database on PostgreSQL (TEST_DATABASE_URL, else DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test; PGlite when no server answers, said plainly), starts the
 * real app (buildApp) listening on a free port and, for a fixed time per phase, has concurrent
 * clients POST batches to /api/police-notifications with a real token. The clients run in a Node
 * process of their own (bench-intake-client.ts), so this process is the server alone and its CPU
 * time per request is reported. Some batches are re-sent
 * after their answer (a client that lost the reply), some are sent twice at once (a retry racing the
 * first try). Then it counts the rows: every acknowledged notification must be stored (none lost),
 * once (none duplicated), under the request id the API gave. The same rows are then inserted with
 * bare SQL (no HTTP, validation or audit) for the same time, as the baseline. Goal: ≥ 300
 * notifications a second sustained through the API.
 *
 *   BENCH_SECONDS (20) per phase · BENCH_CONCURRENCY (16) clients · BENCH_BATCHES ("1,20") sizes
 */
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { newId } from '../src/platform/db/ids.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { DB } from '../src/platform/db/schema/index.ts';
import { createScratchDatabase } from '../src/platform/db/scratch.ts';
import { loadTenantConfig } from '../src/modules/reference/tenant-config.ts';
import { newReference } from '../src/modules/front-door/reference.ts';
import { notification, runPhase } from './bench-intake-client.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCHES = (process.env.BENCH_BATCHES ?? '1,20').split(',').map(Number);
const RESEND = 0.1;
const RACE = 0.05;
const GOAL = 300;
const percentile = (values: number[], p: number) =>
  values.length
    ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!
    : NaN;
const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);

async function database(): Promise<{ database: Database; label: string; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await probe.connect();
    const version = (await probe.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    await probe.end();
    const scratch = await createScratchDatabase(url, 'hearth_bench');
    return {
      database: await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 10 }),
      label: `PostgreSQL ${version} (${new URL(url).host}, scratch database)`,
      drop: scratch.drop,
    };
  } catch (error) {
    console.log(
      `No PostgreSQL answered at ${new URL(url).host} (${error instanceof Error ? error.message : String(error)}): running on PGlite instead.\n`,
    );
    return {
      database: await openDatabase({ kind: 'pglite', dataDir: 'memory://' }),
      label: 'PGlite (embedded, in memory): NOT PostgreSQL',
      drop: async () => {},
    };
  }
}

/** The same three inserts per notification, in transactions of `batchSize`, with nothing else. */
async function barePhase(db: Kysely<DB>, organisationId: string, batchSize: number, seconds: number) {
  let inserted = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const batch = Array.from({ length: batchSize }, () => ({ id: newId(), n: notification('BARE') }));
        await db.transaction().execute(async (tx) => {
          await tx
            .insertInto('requests_for_support')
            .values(
              batch.map(({ id, n }) => ({
                id,
                reference: newReference(),
                source: 'police' as const,
                district_code: n.district!,
                requester_organisation_id: organisationId,
                requester_user_id: null,
                requester_name: 'PC Amy Clarke, Essex Police',
                requester_relationship: null,
                requester_email: null,
                requester_phone: null,
                requester_contact_notes: null,
                worries: JSON.stringify([{ area: 'domestic-abuse', details: n.summary }]),
                worry_areas: ['domestic-abuse'],
                strengths: '',
                tried: '',
                has_early_help_plan: null,
                has_taf: null,
                requested_level: null,
                level_reasons: null,
                consent_to_request: false,
                consent_to_sharing: false,
                no_consent_reason: null,
                assigned_to: null,
                idempotency_key: `bare:${n.police_reference}`,
                created_by: null,
                updated_by: null,
              })),
            )
            .execute();
          await tx
            .insertInto('request_people')
            .values(
              batch.flatMap(({ id, n }) => [
                {
                  id: newId(),
                  request_id: id,
                  position: 0,
                  role: 'child' as const,
                  relationship: null,
                  first_name: 'Lily',
                  last_name: n.children[0]!.last_name,
                  date_of_birth: '2016-02-14',
                  gender: 'female',
                  address: '12 Mill Road',
                  postcode: 'CM1 1QH',
                  school: null,
                  gp: null,
                  language: null,
                  send_details: null,
                  person_id: null,
                },
                {
                  id: newId(),
                  request_id: id,
                  position: 1,
                  role: 'parent-carer' as const,
                  relationship: 'mother',
                  first_name: 'Sarah',
                  last_name: n.adults[0]!.last_name,
                  date_of_birth: null,
                  gender: null,
                  address: null,
                  postcode: null,
                  school: null,
                  gp: null,
                  language: null,
                  send_details: null,
                  person_id: null,
                },
              ]),
            )
            .execute();
          await tx
            .insertInto('police_notifications')
            .values(
              batch.map(({ id, n }) => ({
                id: newId(),
                request_id: id,
                organisation_id: organisationId,
                api_client_id: null,
                police_reference: `BARE-${n.police_reference}`,
                incident_date: n.incident_date,
                concern_category: n.concern_category!,
                officer_name: 'PC Amy Clarke',
                officer_number: null,
                officer_email: null,
                officer_phone: null,
                triage_outcome: null,
                triage_reason: null,
                passed_to: null,
                passed_to_team_id: null,
                triaged_by: null,
                triaged_at: null,
                created_by: null,
                updated_by: null,
              })),
            )
            .execute();
        });
        inserted += batchSize;
      }
    }),
  );
  return { inserted, elapsed: performance.now() - started };
}

async function main() {
  const { database: db, label, drop } = await database();
  const lines: string[] = [];
  try {
    await migrate(db);
    const tenant = await loadTenantConfig('essex');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false', JOBS: 'false' });
    const { app, services } = await buildApp({ config, database: db, tenantName: tenant.localAuthority.name });
    await services.reference.seed(tenant);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { token } = await services.apiClients.create(
      { userId: null, label: 'bench' },
      { name: 'Bench', organisationCode: 'essex-police' },
    );
    const organisationId = (
      await db.db.selectFrom('organisations').select('id').where('code', '=', 'essex-police').executeTakeFirstOrThrow()
    ).id;

    lines.push(`Police notification intake on ${label}, Node ${process.version}`);
    lines.push(
      `${CONCURRENCY} concurrent clients, ${SECONDS} s per phase; ${RESEND * 100}% of requests re-send an earlier batch, ${RACE * 100}% of new batches are sent twice at once`,
    );
    lines.push(
      `load: generated by a separate Node process per phase (bench-intake-client.ts, node:http keep-alive); this process is the app server alone; ${os.availableParallelism()} CPUs shared with PostgreSQL`,
    );
    let best = 0;
    for (const size of BATCHES) {
      const cpu = process.cpuUsage();
      const r = await runPhase({
        base,
        token,
        batchSize: size,
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        resend: RESEND,
        race: RACE,
      });
      const used = process.cpuUsage(cpu);
      const serverCpuMs = (used.user + used.system) / 1000;
      const acked = new Map(r.acked);
      const rows = await db.db
        .selectFrom('police_notifications as n')
        .innerJoin('requests_for_support as q', 'q.id', 'n.request_id')
        .select(['n.police_reference', 'n.request_id'])
        .where('n.police_reference', 'like', `${r.phase}/%`)
        .execute();
      const stored = new Map<string, string[]>();
      for (const row of rows)
        stored.set(row.police_reference, [...(stored.get(row.police_reference) ?? []), row.request_id]);
      const lost = [...acked].filter(([ref, requestId]) => !stored.get(ref)?.includes(requestId)).length;
      const duplicated = [...stored.values()].filter((ids) => ids.length > 1).length;
      const requestsStored = Number(
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from requests_for_support where idempotency_key like ${`police:${organisationId}:${r.phase}/%`}`.execute(
            db.db,
          )
        ).rows[0]!.n,
      );
      const perSecond = acked.size / (r.elapsed / 1000);
      best = Math.max(best, perSecond);
      lines.push('');
      lines.push(`  batches of ${size} through HTTP (POST /api/police-notifications, real token, validation, audit):`);
      lines.push(
        `    ${acked.size.toLocaleString('en-GB')} distinct notifications acknowledged in ${r.requests.toLocaleString('en-GB')} requests over ${(r.elapsed / 1000).toFixed(1)} s: ${rate(acked.size, r.elapsed)} notifications/s, ${rate(r.requests, r.elapsed)} requests/s`,
      );
      lines.push(
        `    request latency p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p95 ${percentile(r.latencies, 95).toFixed(1)} ms; ${r.resent} batches re-sent, ${r.raced} sent twice at once; ${r.failures} failed answers`,
      );
      lines.push(
        `    CPU: server process ${((serverCpuMs / r.elapsed) * 100).toFixed(0)}% of one core (${(serverCpuMs / r.requests).toFixed(2)} ms a request); load generator (pid ${r.pid}) ${((r.cpuMs / r.elapsed) * 100).toFixed(0)}%`,
      );
      lines.push(
        `    check: ${stored.size.toLocaleString('en-GB')} stored for ${acked.size.toLocaleString('en-GB')} acknowledged (of ${r.unique.toLocaleString('en-GB')} sent); lost ${lost}, duplicated ${duplicated}, requests rows ${requestsStored.toLocaleString('en-GB')}, repeat answers naming another request ${r.mismatches}`,
      );
      if (lost || duplicated || r.mismatches || requestsStored !== stored.size || r.failures) process.exitCode = 1;
    }
    await app.close();
    const bareSize = Math.max(...BATCHES);
    const bare = await barePhase(db.db, organisationId, bareSize, Math.min(SECONDS, 10));
    lines.push('');
    lines.push(
      `  baseline, bare SQL (the same three inserts in transactions of ${bareSize}, no HTTP, validation or audit): ${rate(bare.inserted, bare.elapsed)} notifications/s`,
    );
    lines.push(
      `  goal ≥ ${GOAL} notifications/s sustained through the API: ${best >= GOAL ? 'met' : 'NOT met'} (best ${best.toFixed(0)}/s); zero lost or duplicated: ${process.exitCode ? 'NOT met' : 'met'}`,
    );
    console.log(lines.join('\n'));
  } finally {
    await db.close();
    await drop();
  }
}

await main();
