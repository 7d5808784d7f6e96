/**
 * For `npm run bench matching -- --misses N`: a sample of the queries matching got wrong, each with
 * its true record and the score breakdown, so a miss can be read as a screener would read it.
 *
 * A miss is one of: "not found" (candidate search never fetched the true record), "below threshold"
 * (fetched and scored, under MATCH_THRESHOLD), "outranked" (another candidate scored higher), or, for
 * a look-alike, "look-alike matched" (someone scored at or above the threshold).
 */
import { MATCH_THRESHOLD, scorePair, type Candidate, type PersonDetails } from '../src/modules/people/matching.ts';
import type { LabelledQuery } from './generate-queries.ts';

const brief = (p: PersonDetails) =>
  [
    `${p.firstName}${p.middleNames ? ` (${p.middleNames})` : ''} ${p.lastName}`,
    p.dateOfBirth ?? 'no DOB',
    p.gender ?? 'no gender',
    p.address ?? 'no address',
    p.postcode ?? 'no postcode',
    ...(p.nhsNumber ? [`NHS ${p.nhsNumber}`] : []),
    ...(p.upn ? [`UPN ${p.upn}`] : []),
  ].join(' | ');

export interface Miss {
  query: LabelledQuery;
  why: 'not found' | 'below threshold' | 'outranked' | 'look-alike matched';
  lines: string[];
}

/** Why `candidates` is wrong for `q`, with the lines to print; null when it is right. */
export function explainMiss(q: LabelledQuery, candidates: Candidate[], truth: PersonDetails | undefined): Miss | null {
  const top = candidates[0] && candidates[0].score >= MATCH_THRESHOLD ? candidates[0] : null;
  if (q.trueId ? top?.id === q.trueId : !top) return null;
  const lines = [`  ${q.queryId} [${[...q.changes, ...q.missing].join(', ')}]`, `    query:  ${brief(q.query)}`];
  let why: Miss['why'] = 'look-alike matched';
  if (q.trueId && truth) {
    const own = scorePair(q.query, truth);
    const found = candidates.some((c) => c.id === q.trueId);
    why = !found && own.score >= 0.2 ? 'not found' : top ? 'outranked' : 'below threshold';
    lines.push(
      `    true:   ${brief(truth)}`,
      `            score ${own.score} (${own.weight.toFixed(1)} bits)${found ? '' : ', not among the candidates'}: ${own.reasons.join('; ')}`,
    );
  }
  for (const c of candidates.slice(0, 2).filter((c) => c.id !== q.trueId))
    lines.push(`    other:  ${brief(c.person)}`, `            score ${c.score}: ${c.reasons.join('; ')}`);
  lines[0] += ` — ${why}`;
  return { query: q, why, lines };
}

/** Up to `sample` misses for each kind, and how many of each reason overall. */
export function missReport(misses: Miss[], sample: number): string[] {
  const lines = ['  misses by reason: ' + countBy(misses.map((m) => m.why))];
  const byKind = new Map<string, Miss[]>();
  for (const miss of misses)
    for (const kind of [
      ...miss.query.changes,
      ...miss.query.missing,
      ...(miss.query.trueId ? [`${miss.query.changes.length} change${miss.query.changes.length > 1 ? 's' : ''}`] : []),
    ])
      byKind.set(kind, [...(byKind.get(kind) ?? []), miss]);
  for (const [kind, list] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${kind}: ${list.length} (${countBy(list.map((m) => m.why))})`);
    for (const miss of list.slice(0, sample)) lines.push(...miss.lines);
  }
  return lines;
}

const countBy = (values: string[]) =>
  [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())]
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
