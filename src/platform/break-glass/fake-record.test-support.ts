import type { FastifyPluginAsync } from 'fastify';
import { requireSignedIn } from '../auth/guards.ts';
import { notFound } from '../http/errors.ts';
import type { Involvement } from '../permissions/policy.ts';
import { accessLogFor, recordAccess } from './access.ts';
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
    app.get('/test/records/:id', { preHandler: requireSignedIn }, async (request, reply) => {
      const record = find((request.params as { id: string }).id);
      if (!record) throw notFound();
      const target = { type: FAKE_RECORD_TYPE, id: record.id, involvements: involvementsOf(record, request.user!.id) };
      const access = await recordAccess(breakGlass, request, reply, target);
      if (!access) return reply;
      const accessLog = await accessLogFor(breakGlass, request, target);
      return reply.render('break-glass/views/test-record.njk', {
        pageTitle: record.label,
        record,
        emergencyAccess: access.banner,
        accessLog,
      });
    });
  };
}
