import type { FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import type { IndicatorRow } from './repository.ts';
import type { PerformanceService } from './service.ts';

export const V = 'performance/views';
export const VIEW = { action: 'performance:view' } as const;
export const MANAGE = { action: 'performance:manage' } as const;

/** The indicator a URL names, or a 404. */
export async function indicatorFor(performance: PerformanceService, request: FastifyRequest): Promise<IndicatorRow> {
  const { code } = request.params as { code: string };
  if (!/^[a-z0-9][a-z0-9.-]{0,99}$/.test(code)) throw notFound();
  const indicator = await performance.indicator(code);
  if (!indicator) throw notFound();
  return indicator;
}
