import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Timescale, WorkingCalendar } from '../../../platform/calendar/working-time.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { ComputedIndicator, Period } from '../../../platform/indicators/computed.ts';
import { computedIndicator, instantIn, londonStart } from '../../../platform/indicators/counting.ts';
import { londonDay, recordColumns } from '../../../platform/indicators/records.ts';
import { EPISODE_BREAKDOWNS, MISSING_GROUPS, episodeBreakdownColumns } from '../indicators.ts';

/**
 * The Missing Chats' computed indicators (issue 13: "Missing Chats offered within the timescale, accepted and held;
 * parental chats"). The same rows and definitions as the chats' figures (figures.ts): the chats of the episodes
 * whose child returned in the period; a chat is offered within the timescale when it was offered by the due time of
 * the tenant's timescale from the return, worked out by the same calendar (working hours and bank holidays, when the
 * timescale is in working time).
 */

interface Deps {
  offerWithin: () => Promise<Timescale>;
  calendar: () => Promise<WorkingCalendar>;
}

/** The due time of each return in the period, as two comma-separated lists (episode ids, ISO instants). */
interface Dues {
  ids: string;
  dues: string;
}

const WHEN =
  'A chat is in the period by the time the child returned, in England’s time (a chat is due once the child is back); ' +
  'children outside the Missing Chats’ ages (10 to 18 in Essex) have none.';

/**
 * The chats of one kind for the returns in the period (`only` those), with the episode's breakdowns (age band: at
 * return); each chat is the record behind the count (the drill-down), on the day the child returned.
 */
const chats = (kind: 'child' | 'parent', period: Period, hit: RawBuilder<unknown>, only = sql`true`) =>
  sql`select ${episodeBreakdownColumns('e', 'c.age_at_return')}, ${hit} as hit,
      ${recordColumns('c.id', 'c.id', londonDay('e.returned_at'))}
    from missing_chats c join missing_episodes e on e.id = c.episode_id
    where c.kind = ${kind} and ${only} and ${instantIn('e.returned_at', period)}`;

export function missingChatIndicators(deps: Deps): readonly ComputedIndicator[] {
  const none = { load: () => Promise.resolve(null), example: null };

  async function loadDues(db: Kysely<DB>, period: Period): Promise<Dues> {
    const [timescale, calendar, returns] = await Promise.all([
      deps.offerWithin(),
      deps.calendar(),
      db
        .selectFrom('missing_episodes as e')
        .select(['e.id', 'e.returned_at'])
        .where('e.returned_at', '>=', londonStart(period.from))
        .where('e.returned_at', '<', londonStart(period.to))
        .where((eb) =>
          eb.exists(eb.selectFrom('missing_chats as c').select('c.id').whereRef('c.episode_id', '=', 'e.id')),
        )
        .execute(),
    ]);
    return {
      ids: returns.map((r) => r.id).join(','),
      dues: returns.map((r) => calendar.due(r.returned_at!, timescale).toISOString()).join(','),
    };
  }

  const inTime = computedIndicator<Dues>({
    key: 'missing.chats-offered-in-time',
    version: 2,
    name: 'Missing Chats offered within the timescale',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'Of the Missing Chats due to children who returned in the period, the share offered within the partnership’s ' +
      'timescale from the child’s return (Essex: 72 hours, nights and weekends included). The due time of each ' +
      'return is worked out by Hearth’s calendar and passed to the query with the episode. Chats not yet offered ' +
      `count in the whole, as not in time. Parental Missing Chats are counted separately. ${WHEN} ${MISSING_GROUPS} ` +
      'Here the age band is the child’s age at return.',
    measure: 'percentage',
    breakdowns: EPISODE_BREAKDOWNS,
    params: { load: loadDues, example: { ids: '', dues: '' } },
    source: (_db, period, dues) =>
      chats(
        'child',
        period,
        sql`coalesce(c.offered_at <= (
          select d.due from unnest(string_to_array(${dues.ids}, ',')::uuid[], string_to_array(${dues.dues}, ',')::timestamptz[])
            as d(episode_id, due) where d.episode_id = e.id), false)`,
      ),
  });

  const accepted = computedIndicator({
    key: 'missing.chats-accepted',
    version: 2,
    name: 'Missing Chats accepted',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'Of the Missing Chats offered to children who returned in the period, the share the child accepted (a chat ' +
      `held was accepted first). Chats not yet offered are left out; parental chats are counted separately. ${WHEN} ` +
      `${MISSING_GROUPS} Here the age band is the child’s age at return.`,
    measure: 'percentage',
    breakdowns: EPISODE_BREAKDOWNS,
    params: none,
    source: (_db, period) =>
      chats('child', period, sql`c.status in ('accepted', 'held')`, sql`c.offered_at is not null`),
  });

  const held = computedIndicator({
    key: 'missing.chats-held',
    version: 2,
    name: 'Missing Chats held',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'Of the Missing Chats due to children who returned in the period, the share held with the child (face to ' +
      `face, by phone, video or message). Parental chats are counted separately. ${WHEN} ${MISSING_GROUPS} Here the ` +
      'age band is the child’s age at return.',
    measure: 'percentage',
    breakdowns: EPISODE_BREAKDOWNS,
    params: none,
    source: (_db, period) => chats('child', period, sql`c.status = 'held'`),
  });

  const parental = computedIndicator({
    key: 'missing.parental-chats',
    version: 2,
    name: 'Parental Missing Chats offered',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'Of the Parental Missing Chats due to the parents or carers of children who returned in the period, the share ' +
      'offered to them (whatever they then chose: accepted, declined or held). Offered, not held, because the offer ' +
      `is the partnership’s to make. ${WHEN} ${MISSING_GROUPS} Here the age band is the child’s age at return.`,
    measure: 'percentage',
    breakdowns: EPISODE_BREAKDOWNS,
    params: none,
    source: (_db, period) => chats('parent', period, sql`c.offered_at is not null`),
  });

  return [inTime, accepted, held, parental];
}
