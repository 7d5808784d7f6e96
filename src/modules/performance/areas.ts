import type { AreaLookup, ImportArea } from './imports/check.ts';

interface Authority {
  code: string;
  name: string;
  ons_code?: string | null;
}
interface Quadrant {
  code: string;
  name: string;
}
interface District {
  code: string;
  name: string;
  ons_code?: string | null;
}

/**
 * The area codes an imported file may use: the authority's ONS code or its own code for the whole authority, the
 * quadrants' codes, and each district's ONS code (E07…) or the tenant's code. Matched without regard to case.
 */
export function areaLookup(
  authority: Authority | undefined,
  quadrants: readonly Quadrant[],
  districts: readonly District[],
): AreaLookup {
  const map = new Map<string, ImportArea>();
  if (authority) {
    const all: ImportArea = { kind: 'all', code: '', name: authority.name };
    map.set(authority.code.toLowerCase(), all);
    if (authority.ons_code) map.set(authority.ons_code.toLowerCase(), all);
  }
  for (const q of quadrants)
    map.set(q.code.toLowerCase(), { kind: 'quadrant', code: q.code, name: `${q.name} quadrant` });
  for (const d of districts) {
    const area: ImportArea = { kind: 'district', code: d.code, name: d.name };
    map.set(d.code.toLowerCase(), area);
    if (d.ons_code) map.set(d.ons_code.toLowerCase(), area);
  }
  return map;
}

/** A stored area's name for the page and the report. */
export function areaName(
  areas: { authority?: Authority; quadrants: readonly Quadrant[]; districts: readonly District[] },
  kind: string,
  code: string,
): string {
  if (kind === 'all') return areas.authority?.name ?? 'The whole authority';
  if (kind === 'quadrant') return `${areas.quadrants.find((q) => q.code === code)?.name ?? code} quadrant`;
  return areas.districts.find((d) => d.code === code)?.name ?? code;
}
