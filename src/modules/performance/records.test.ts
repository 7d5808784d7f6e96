import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ComputedIndicator, IndicatorRecord } from '../../platform/indicators/computed.ts';
import type { RecordLister } from '../../platform/indicators/records.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { NoSuchPage, PerformanceRecords, RECORDS_PAGE_SIZE } from './records.ts';
import type { IndicatorRow } from './repository.ts';

/** The drill-down's rules without a database: the policy decides each record, the rest are counted, pages of 25. */

const hub: Principal = { id: 'u1', roles: ['hub-manager'], organisationId: 'o', teamIds: [] };
const partner: Principal = {
  id: 'u2',
  roles: ['partner-practitioner', 'board-member'],
  organisationId: 'o',
  teamIds: [],
};
const analyst: Principal = { id: 'u3', roles: ['partnership-analyst'], organisationId: 'o', teamIds: [] };

const records: IndicatorRecord[] = Array.from({ length: 60 }, (_, i) => ({
  type: 'thing',
  id: `r${i}`,
  subjectId: `s${i % 30}`,
  date: '2026-10-01',
}));
const computed = (type = 'thing') =>
  ({
    key: 'x.things',
    recordType: type,
    recordsAre: 'Things.',
    records: () => Promise.resolve(records),
  }) as unknown as ComputedIndicator;
const lister = (restricted = false): RecordLister => ({
  type: 'thing',
  noun: 'Things',
  seenWith: ['hub:screen', 'early-help:start'],
  restricted,
  // The Hub screens every thing; the partner works with subject s0 only.
  involvements: (viewer, ids) =>
    Promise.resolve(
      new Map(
        ids.map((id) => [
          id,
          viewer.roles.includes('hub-manager') ? ['hub-screener'] : id === 's0' ? ['lead-professional'] : [],
        ]),
      ),
    ),
  describe: (_viewer, ids) =>
    Promise.resolve(new Map(ids.map((id) => [id, { reference: id.toUpperCase(), about: 'A thing' }]))),
});
const events: unknown[] = [];
const audit = {
  record: (_actor: unknown, event: unknown) => Promise.resolve(void events.push(event)),
} as unknown as AuditLog;
const service = (restricted = false) => new PerformanceRecords({} as Kysely<DB>, audit, [lister(restricted)]);
const list = (viewer: Principal, page = 1, restricted = false, type = 'thing') =>
  service(restricted).list({
    actor: { userId: viewer.id, label: viewer.id, sessionId: null, ip: null, requestId: null },
    viewer,
    indicator: { id: 'i1', code: 'x.things' } as IndicatorRow,
    computed: computed(type),
    period: { label: '2026-10', from: '2026-10-01', to: '2026-11-01' },
    area: { kind: 'all', code: '', name: '' },
    page,
  });

describe('the drill-down', () => {
  it('pages what the viewer may see, 25 at a time', async () => {
    const first = await list(hub);
    expect(first).toMatchObject({ total: 60, visible: 60, hidden: 0, pages: 3 });
    expect(first.rows).toHaveLength(RECORDS_PAGE_SIZE);
    expect((await list(hub, 3)).rows.map((r) => r.reference)).toEqual(records.slice(50).map((r) => r.id.toUpperCase()));
    await expect(list(hub, 4)).rejects.toBeInstanceOf(NoSuchPage);
  });

  it('lists only the records the policy lets a partner see, and counts the rest', async () => {
    const page = await list(partner);
    expect(page).toMatchObject({ visible: 2, hidden: 58, pages: 1 });
    expect(page.rows.map((r) => r.reference)).toEqual(['R0', 'R30']);
    expect(events.at(-1)).toMatchObject({ action: 'performance.records.listed', details: { shown: 2, hidden: 58 } });
  });

  it('never lists restricted records or records no module describes', async () => {
    expect(await list(hub, 1, true)).toMatchObject({ visible: 0, hidden: 60, rows: [] });
    expect(await list(hub, 1, false, 'unknown')).toMatchObject({ visible: 0, hidden: 60, rows: [] });
  });

  it('is offered to roles that see records of the kind, never to the analyst or a restricted kind', () => {
    expect(service().canFollow(hub, computed())).toBe(true);
    expect(service().canFollow(partner, computed())).toBe(true);
    expect(service().canFollow(analyst, computed())).toBe(false);
    expect(service().canFollow(null, computed())).toBe(false);
    expect(service(true).canFollow(hub, computed())).toBe(false);
    expect(service().canFollow(hub, { key: 'x.none' } as ComputedIndicator)).toBe(false);
  });
});
