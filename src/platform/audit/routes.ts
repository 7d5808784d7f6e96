import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/guards.ts';
import type { AuditLog } from './audit.ts';

const PAGE = 50;
const ACTION_FILTER = /^[a-z0-9.:-]*$/;
const querySchema = z.object({
  action: z.string().trim().toLowerCase().max(100).optional().catch(undefined),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

/** What the Record column says for each kind of subject: words, not the type's code. */
const SUBJECT_NAMES: Record<string, string> = {
  user: 'User account',
  family: 'Family',
  person: 'Person',
  'request-for-support': 'Request for Support',
  'request-draft': 'Draft request',
  'hub-work-item': 'Hub work',
  consultation: 'Consultation',
  'directory-service': 'Directory service',
  'directory-import': 'Directory import',
  organisation: 'Organisation',
  team: 'Team',
  'api-client': 'API client',
  'taf-support': 'TAF support log entry',
  record: 'Record',
};

/** Pages that show a subject, for a link from its row (each page still checks access and asks for a reason). */
const SUBJECT_PAGES: Record<string, (id: string) => string> = {
  user: (id) => `/admin/users/${id}`,
  family: (id) => `/families/${id}`,
  'request-for-support': (id) => `/hub/requests/${id}`,
  'directory-service': (id) => `/services/${id}`,
  organisation: (id) => `/admin/organisations/${id}`,
};

/** The audit trail, newest first, for those the policy allows (administrators and managers). */
export async function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditLog }) {
  app.get('/admin/audit', { config: { access: { action: 'audit:view' } } }, async (request, reply) => {
    const { action: typed, before } = querySchema.parse(request.query);
    // A filter that cannot match an action says so, instead of quietly showing everything.
    const badFilter = typed !== undefined && !ACTION_FILTER.test(typed);
    const action = badFilter ? undefined : typed || undefined;
    const events = badFilter ? [] : await audit.recent({ limit: PAGE + 1, before, action });
    // Looking at the audit trail is itself recorded.
    await audit.record(actorOf(request), {
      action: 'audit.viewed',
      outcome: 'success',
      details: { filter: typed ?? null },
    });
    const next = events.length > PAGE ? events[PAGE - 1]!.seq : undefined;
    const message = 'Enter the start of an action, like sign-in or user. (letters, numbers, dots, colons and hyphens)';
    return reply.render(
      'audit/views/list.njk',
      {
        pageTitle: badFilter ? 'Error: Audit trail' : 'Audit trail',
        events: events.slice(0, PAGE).map((e) => ({
          ...e,
          who: e.actorName ?? (e.actorLabel === 'anonymous' ? 'Not signed in' : e.actorLabel),
          subjectName: e.subjectType ? (SUBJECT_NAMES[e.subjectType] ?? e.subjectType) : null,
          subjectLabel: e.subjectUserName ?? (e.subjectId ? `${e.subjectId.slice(0, 8)}…` : null),
          subjectHref: e.subjectType && e.subjectId ? (SUBJECT_PAGES[e.subjectType]?.(e.subjectId) ?? null) : null,
        })),
        action: typed ?? '',
        next,
        errors: badFilter
          ? { list: [{ text: message, href: '#action' }], fields: { action: { text: message } } }
          : undefined,
      },
      badFilter ? 400 : 200,
    );
  });
}
