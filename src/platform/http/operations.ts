import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.ts';

/**
 * /health for load balancers (liveness plus a database round trip) and /metrics for Prometheus.
 * Metrics are labelled by route pattern, never by URL, so no identifier reaches them.
 */
export function registerOperations(app: FastifyInstance, database: Database, metricsToken: string | undefined) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hearth_' });
  const duration = new Histogram({
    name: 'hearth_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'hearth_http_server_errors_total',
    help: 'Responses with a 5xx status',
    labelNames: ['route'],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ route });
  });

  app.get(
    '/health',
    { logLevel: 'warn', config: { access: { public: 'the load balancer’s health check' } } },
    async (_request, reply) => {
      const started = performance.now();
      try {
        await sql`select 1`.execute(database.db);
        return {
          status: 'ok',
          database: { status: 'ok', kind: database.kind, ms: Math.round(performance.now() - started) },
        };
      } catch {
        return reply
          .code(503)
          .send({ status: 'unavailable', database: { status: 'unavailable', kind: database.kind } });
      }
    },
  );

  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      config: { access: { token: 'METRICS_TOKEN, as a bearer token' } },
      onRequest: async (request, reply) => {
        if (!metricsToken) return;
        const given = Buffer.from(request.headers.authorization ?? '');
        const expected = Buffer.from(`Bearer ${metricsToken}`);
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return reply.code(401).type('application/json').send({ status: 401, title: 'Unauthorised' });
        }
      },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}
