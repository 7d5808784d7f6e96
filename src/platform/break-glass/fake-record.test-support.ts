import type { FastifyPluginAsync } from 'fastify';
import { decidedRecord, type RecordLocator } from '../http/route-access.ts';
import type { Involvement } from '../permissions/policy.ts';
import { accessLogFor } from './access.ts';
import type { BreakGlassService } from './service.ts';

/**
 * For tests only: a record type with one page, built the way a record module will use break-glass,
 * so the whole journey can be proved before any record module exists.
 */
export interface FakeRecord {
  id: string;
  label: string;
  content: string;
  /** User ids and how each is involved. */
  involved: Map<string, Involvement[]>;
}

export const FAKE_RECORD_TYPE = 'test-record';

/** Registers the record type and its page; pass as buildApp's `extraPages`. Records may be added to later. */
export function fakeRecords(
  records: FakeRecord[],
): FastifyPluginAsync<{ services: { breakGlass: BreakGlassService } }> {
  const find = (id: string) => records.find((r) => r.id === id);
  const involvementsOf = (record: FakeRecord, userId: string) => record.involved.get(userId) ?? [];
  return async (app, { services: { breakGlass } }) => {
    breakGlass.registerRecordType(FAKE_RECORD_TYPE, async (id, viewer) => {
      const record = find(id);
      return record
        ? { label: record.label, href: `/test/records/${id}`, involvements: involvementsOf(record, viewer.id) }
        : null;
    });
    const locator: RecordLocator = {
      type: FAKE_RECORD_TYPE,
      find: async (request, user) => {
        const record = find((request.params as { id: string }).id);
        return record ? { id: record.id, involvements: involvementsOf(record, user.id) } : null;
      },
    };
    app.get(
      '/test/records/:id',
      { config: { access: { record: locator, can: 'record:view' } } },
      async (request, reply) => {
        const target = decidedRecord(request);
        const record = find(target.id)!;
        const accessLog = await accessLogFor(breakGlass, request, target);
        return reply.render('break-glass/views/test-record.njk', {
          pageTitle: record.label,
          record,
          emergencyAccess: target.access?.banner ?? null,
          accessLog,
        });
      },
    );
  };
}
