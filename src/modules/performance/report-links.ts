/**
 * The reports Hearth makes that a board meeting's papers may name (governance: a paper of kind 'report' with a key
 * and name=value parameters): 'board-report' (optionally quadrant= or district=) and 'locality-report' (quadrant=).
 * The address of the report, or null for a key or parameters this does not know; the report page itself refuses an
 * unknown quadrant or district with a 404.
 */
export const REPORT_KEYS = ['board-report', 'locality-report'] as const;

const CODE = /^[a-z0-9-]{1,50}$/i;

export function reportHref(key: string | null, parameters: Record<string, string> | null): string | null {
  const quadrant = parameters?.quadrant?.trim();
  const district = parameters?.district?.trim();
  if (key === 'locality-report')
    return quadrant && CODE.test(quadrant) ? `/performance/board?quadrant=${encodeURIComponent(quadrant)}` : null;
  if (key !== 'board-report') return null;
  if (quadrant && district) return null;
  if (quadrant) return CODE.test(quadrant) ? `/performance/board?quadrant=${encodeURIComponent(quadrant)}` : null;
  if (district) return CODE.test(district) ? `/performance/board?district=${encodeURIComponent(district)}` : null;
  return '/performance/board';
}
