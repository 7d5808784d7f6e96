import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import type { ApiClient, ApiClientService } from './api-clients.ts';
import { MAX_BATCH, batchSchema, checkNotification, type FieldError } from './schemas.ts';
import type { PoliceService } from './service.ts';

/** 200 notifications with long summaries fit easily; anything bigger is refused with 413. */
export const API_BODY_LIMIT = 4 * 1024 * 1024;

type ItemResult =
  | { index: number; police_reference: string; status: 'created' | 'duplicate'; request_id: string; reference: string }
  | { index: number; police_reference: string | null; status: 'rejected'; errors: FieldError[] };

const problem = (
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) =>
  reply
    .code(status)
    .type('application/json')
    .send({ status, title, detail, ...extra });

/**
 * POST /api/police-notifications: a force's system sends a batch of notifications with its bearer
 * token (see ApiClientService). Registered at the root, beside /health: no session, no cookies, no
 * CSRF. The token is checked before the body is read. The answer is 202 with one result per
 * notification, in the order sent: created, duplicate (that police reference was already received:
 * nothing new is saved, so a retried batch is safe) or rejected with the fields to correct.
 */
export async function policeApiRoutes(
  app: FastifyInstance,
  { police, apiClients }: { police: PoliceService; apiClients: ApiClientService },
) {
  const clients = new WeakMap<FastifyRequest, ApiClient>();

  app.post(
    '/api/police-notifications',
    {
      bodyLimit: API_BODY_LIMIT,
      config: {
        access: { token: 'a police force’s API client (bearer token, checked on request)' },
        csrf: false,
        bodyTextChecked: 'items',
      },
      onRequest: async (request, reply) => {
        const client = await apiClients.authenticate(request.headers.authorization);
        if (!client) {
          request.log.info({ status: 401 }, 'api token refused');
          reply.header('www-authenticate', 'Bearer realm="hearth"');
          return problem(
            reply,
            401,
            'Not authenticated',
            'Send the API token Hearth gave you in an Authorization header: "Authorization: Bearer hearth_…".',
          );
        }
        clients.set(request, client);
      },
    },
    async (request, reply) => {
      const client = clients.get(request)!;
      const batch = batchSchema.safeParse(request.body);
      if (!batch.success) {
        return problem(
          reply,
          400,
          'What you sent is not a batch of notifications',
          batch.error.issues.map((i) => i.message).join('; '),
          { example: { notifications: ['…'] } },
        );
      }
      const raw = batch.data.notifications;
      if (raw.length > MAX_BATCH)
        return problem(
          reply,
          413,
          'Too many notifications',
          `Send at most ${MAX_BATCH} notifications in one request; this one had ${raw.length}.`,
        );

      const schema = await police.schema();
      const checked = raw.map((item) => checkNotification(schema, item));
      const good = checked.flatMap((c) => (c.ok ? [c.value] : []));
      const actor: AuditActor = {
        userId: null,
        label: `api-client:${client.name}`,
        ip: request.ip,
        requestId: request.id,
      };
      const received = await police.receive(
        actor,
        { organisationId: client.organisationId, organisationName: client.organisationName, apiClientId: client.id },
        good,
      );

      let next = 0;
      const results = checked.map((c, index): ItemResult => {
        if (!c.ok) {
          const ref = (raw[index] as { police_reference?: unknown } | null)?.police_reference;
          return {
            index,
            police_reference: typeof ref === 'string' ? ref : null,
            status: 'rejected',
            errors: c.errors,
          };
        }
        const r = received[next++]!;
        return {
          index,
          police_reference: c.value.police_reference,
          status: r.status,
          request_id: r.requestId,
          reference: r.reference,
        };
      });
      const count = (status: ItemResult['status']) => results.filter((r) => r.status === status).length;
      return reply
        .code(202)
        .send({ created: count('created'), duplicates: count('duplicate'), rejected: count('rejected'), results });
    },
  );
}
