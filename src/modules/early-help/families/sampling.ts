import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { isUuid } from '../../../platform/db/ids.ts';

/** Which closed episodes a case audit may sample: closed on a day in [closedFrom, closedTo], at a level if given. */
export interface ClosedEpisodeCriteria {
  closedFrom: string;
  closedTo: string;
  level?: number | null;
  limit: number;
}

export interface EpisodeSummary {
  episodeId: string;
  familyId: string;
  familyName: string;
  level: number;
  pathway: 'taf' | 'family-solutions';
  openedAt: Date;
  closedAt: Date | null;
}

const columns = [
  'e.id as episodeId',
  'e.family_id as familyId',
  'f.name as familyName',
  'e.level',
  'e.pathway',
  'e.opened_at as openedAt',
  'e.closed_at as closedAt',
] as const;

/**
 * Early help episodes closed in a date range (the days in England), at a level if given, oldest closure first: the
 * cases a multi-agency case audit samples (issue 16). Ids, the family's name and the episode's facts only.
 */
export async function closedEpisodes(db: Kysely<DB>, c: ClosedEpisodeCriteria): Promise<EpisodeSummary[]> {
  let query = db
    .selectFrom('episodes as e')
    .innerJoin('families as f', 'f.id', 'e.family_id')
    .select(columns)
    .where('e.status', '=', 'closed')
    .where('e.closed_at', '>=', new Date(`${c.closedFrom}T00:00:00Z`))
    .where('e.closed_at', '<', new Date(new Date(`${c.closedTo}T00:00:00Z`).getTime() + 86_400_000));
  if (c.level) query = query.where('e.level', '=', c.level);
  return query.orderBy('e.closed_at').orderBy('e.id').limit(c.limit).execute();
}

/** The same facts for episodes by id (an audit's sampled cases). */
export async function episodeSummaries(db: Kysely<DB>, ids: readonly string[]): Promise<EpisodeSummary[]> {
  const wanted = ids.filter(isUuid);
  if (!wanted.length) return [];
  return db
    .selectFrom('episodes as e')
    .innerJoin('families as f', 'f.id', 'e.family_id')
    .select(columns)
    .where('e.id', 'in', wanted)
    .execute();
}
