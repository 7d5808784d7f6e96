import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/db/ids.ts';
import type { ApiClient, ApiClientService } from '../front-door/index.ts';
import { AlreadyAcknowledged, SocialCareError } from './rules.ts';
import { acknowledgementSchema } from './schemas.ts';
import type { SocialCareService } from './service.ts';

const OPENAPI = new URL('./openapi.json', import.meta.url);
const PAGE = 100;

const problem = (reply: FastifyReply, status: number, title: string, detail: string) =>
  reply.code(status).type('application/json').send({ status, title, detail });

/** The cursor is opaque to clients: the last hand-off's time and id, base64url. */
export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  return id && isUuid(id) && !Number.isNaN(date.getTime()) ? { at: date, id } : null;
}

/**
 * The outbound API for an authority whose children's social care system is not Hearth (openapi.json beside this
 * file): GET /api/social-care/handoffs lists hand-offs after a cursor (the same cursor gives the same page, so a
 * retry is safe); POST /api/social-care/handoffs/:id/acknowledgement records that the system received one (the
 * same client acknowledging again is the same acknowledgement: 200, nothing new). Bearer tokens as for the police
 * API (`npm run api-client:create`), and only clients of the tenant's `socialCare.apiOrganisations` are let in.
 */
export async function socialCareApiRoutes(
  app: FastifyInstance,
  { socialCare, apiClients }: { socialCare: SocialCareService; apiClients: ApiClientService },
) {
  const clients = new WeakMap<FastifyRequest, ApiClient>();
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const client = await apiClients.authenticate(request.headers.authorization);
    if (!client) {
      reply.header('www-authenticate', 'Bearer realm="hearth"');
      return problem(reply, 401, 'Not authenticated', 'Send your Hearth API token: "Authorization: Bearer hearth_…".');
    }
    const { apiOrganisations } = await socialCare.settings();
    const allowed = await socialCare.organisationIds(apiOrganisations);
    if (!allowed.has(client.organisationId))
      return problem(reply, 403, 'Not allowed', 'This API is for the authority’s children’s social care system only.');
    clients.set(request, client);
  };
  const config = {
    access: { token: 'children’s social care system’s API client (bearer token, checked on request)' },
    csrf: false,
  } as const;
  const actorOf = (request: FastifyRequest): AuditActor => ({
    userId: null,
    label: `api-client:${clients.get(request)!.name}`,
    ip: request.ip,
    requestId: request.id,
  });

  app.get(
    '/api/social-care/openapi.json',
    { config: { access: { public: 'the API’s own description' } } },
    async (_r, reply) => reply.type('application/json').send(await readFile(OPENAPI, 'utf8')),
  );

  app.get('/api/social-care/handoffs', { config, onRequest: authenticate }, async (request, reply) => {
    const { after } = (request.query ?? {}) as { after?: unknown };
    const cursor = typeof after === 'string' && after ? decodeCursor(after) : null;
    if (typeof after === 'string' && after && !cursor)
      return problem(reply, 400, 'Bad cursor', 'Send back the "next" value of an earlier page, or no "after".');
    const rows = await socialCare.since(cursor, PAGE);
    await socialCare.listedByApi(
      actorOf(request),
      rows.map((r) => r.id),
    );
    const last = rows.at(-1);
    return reply.type('application/json').send({
      handoffs: rows.map((r) => ({
        id: r.id,
        request_id: r.request_id,
        reference: r.reference,
        level: r.level,
        route: r.route,
        district_code: r.district_code,
        handed_off_at: new Date(r.created_at).toISOString(),
        acknowledged_at: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
        outcome: r.outcome,
      })),
      next: last ? encodeCursor(new Date(last.created_at), last.id) : typeof after === 'string' ? after : null,
    });
  });

  app.post(
    '/api/social-care/handoffs/:id/acknowledgement',
    { config, onRequest: authenticate },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = acknowledgementSchema.safeParse(request.body);
      if (!body.success)
        return problem(reply, 400, 'Bad acknowledgement', 'Send {} or {"external_reference": "your case reference"}.');
      try {
        const { repeated } = await socialCare.acknowledge(actorOf(request), id, {
          via: 'api',
          clientName: clients.get(request)!.name,
          externalReference: body.data?.external_reference ?? null,
        });
        return reply
          .code(repeated ? 200 : 201)
          .type('application/json')
          .send({ id, acknowledged: true, repeated });
      } catch (error) {
        if (error instanceof AlreadyAcknowledged) return problem(reply, 409, 'Already acknowledged', error.message);
        if (error instanceof SocialCareError) return problem(reply, 404, 'No such hand-off', error.message);
        throw error;
      }
    },
  );
}
