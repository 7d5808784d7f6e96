import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { shortReference, type RecordLister, type RecordSource } from '../../platform/indicators/records.ts';
import type { Involvement } from '../../platform/permissions/policy.ts';
import { PATHWAY_NAMES } from './rules.ts';
import type { EarlyHelpService } from './service.ts';
import { SUPPORT_KINDS } from './taf/schemas.ts';

/**
 * The drill-down from early help's and Family Solutions' figures to the records behind them (issue 14): each
 * indicator's own rows (the query its figure aggregates; a test holds them equal). A percentage lists its numerator, a
 * mean every row it averages. The policy checks the family of an episode or a plan goal, with the involvements the
 * family's own pages use; TAF support checks the meeting or log entry itself (its family's involvements, and the
 * officer who logged it).
 */
export const EPISODE_RECORD_TYPE = 'early-help-episode';
export const PLAN_GOAL_RECORD_TYPE = 'early-help-plan-goal';
export const TAF_SUPPORT_RECORD_TYPE = 'taf-support';

const PLACE = ['quadrant', 'district'] as const;
const PERSON = ['age-band', 'gender', 'ethnicity', 'send'] as const;
const NUMERATOR = 'This figure is a percentage: the list is its numerator,';

export const EARLY_HELP_RECORDS: Readonly<Record<string, RecordSource>> = {
  'early-help.closed-goals-achieved': {
    type: EPISODE_RECORD_TYPE,
    recordsAre: `${NUMERATOR} the early help episodes closed in the period with their goals achieved, newest first.`,
    breakdowns: [...PLACE, 'pathway', 'level', ...PERSON],
    numerator: true,
  },
  'early-help.plan-distance-travelled': {
    type: PLAN_GOAL_RECORD_TYPE,
    recordsAre:
      'This figure is a mean: the list is every goal it averages, the Early Help Plan goals scored at a review in the episodes closed in the period, newest first.',
    breakdowns: [...PLACE, 'pathway', ...PERSON],
  },
  'early-help.taf-meetings-supported': {
    type: TAF_SUPPORT_RECORD_TYPE,
    recordsAre:
      'The TAF meetings a TAF Support Officer convened or attended in the period: the meetings held in Hearth and those logged by hand, newest first.',
    breakdowns: [...PLACE, 'kind'],
  },
  'family-solutions.within-12-months': {
    type: EPISODE_RECORD_TYPE,
    recordsAre: `${NUMERATOR} the Family Solutions episodes closed in the period within the time limit, newest first.`,
    breakdowns: [...PLACE, ...PERSON],
    numerator: true,
  },
  'family-solutions.sustained-6-months': {
    type: EPISODE_RECORD_TYPE,
    recordsAre: `${NUMERATOR} the Family Solutions episodes whose sustainment check, recorded in the period, found the progress sustained, newest first.`,
    breakdowns: [...PLACE, ...PERSON],
    numerator: true,
  },
  'family-solutions.claims': {
    type: EPISODE_RECORD_TYPE,
    recordsAre:
      'The closed Family Solutions episodes that meet every Supporting Families claim rule, by the day their sustainment check was recorded, newest first.',
    breakdowns: [...PLACE, ...PERSON],
  },
};

type Deps = { db: Kysely<DB>; earlyHelp: EarlyHelpService };

/** Who sees an episode: whoever may see its family (the family's own pages' rule); the list links to the family. */
export function episodeRecordLister(deps: Deps): RecordLister {
  return {
    type: EPISODE_RECORD_TYPE,
    noun: 'Early help episodes',
    seenWith: ['early-help:start', 'early-help:team-view', 'family-solutions:manage'],
    involvements: (viewer, familyIds) => deps.earlyHelp.involvementsInFamilies(familyIds, viewer),
    async describe(_viewer, episodeIds) {
      if (!episodeIds.length) return new Map();
      const rows = await deps.db
        .selectFrom('episodes')
        .select(['id', 'family_id', 'pathway', 'level'])
        .where('id', 'in', [...episodeIds])
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: shortReference('Episode', r.id),
            about: `${PATHWAY_NAMES[r.pathway]}, level ${r.level}`,
            href: `/families/${r.family_id}`,
          },
        ]),
      );
    },
  };
}

/** Who sees a plan goal: whoever may see its family, as the plan's page decides; the list links to the plan. */
export function planGoalRecordLister(deps: Deps): RecordLister {
  return {
    type: PLAN_GOAL_RECORD_TYPE,
    noun: 'Early Help Plan goals',
    seenWith: ['early-help:start', 'early-help:team-view', 'family-solutions:manage'],
    involvements: (viewer, familyIds) => deps.earlyHelp.involvementsInFamilies(familyIds, viewer),
    async describe(_viewer, goalIds) {
      if (!goalIds.length) return new Map();
      const rows = await deps.db
        .selectFrom('plan_goals as g')
        .innerJoin('plans as p', 'p.id', 'g.plan_id')
        .innerJoin('episodes as e', 'e.id', 'p.episode_id')
        .leftJoin('outcome_areas as a', 'a.code', 'g.outcome_area')
        .select(['g.id', 'g.outcome_area', 'a.name as area', 'e.id as episode_id', 'e.pathway'])
        .where('g.id', 'in', [...goalIds])
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: shortReference('Goal', r.id),
            about: `${r.area ?? r.outcome_area}: ${PATHWAY_NAMES[r.pathway]} episode`,
            href: `/early-help/episodes/${r.episode_id}/plan`,
          },
        ]),
      );
    },
  };
}

/**
 * Who sees a TAF Support Officer's support: a meeting held in Hearth as its page decides (whoever may see the
 * family); an entry in the support log, the officer who logged it (the log is theirs) and whoever may see the family
 * it was about.
 */
export function tafSupportRecordLister(deps: Deps): RecordLister {
  const rows = async (ids: readonly string[]) => {
    if (!ids.length) return [];
    const [logged, meetings] = await Promise.all([
      deps.db
        .selectFrom('taf_support_log as l')
        .leftJoin('episodes as e', 'e.id', 'l.episode_id')
        .select(['l.id', 'l.kind', 'l.officer_id', 'e.family_id'])
        .where('l.id', 'in', [...ids])
        .execute(),
      deps.db
        .selectFrom('taf_meetings')
        .select(['id', 'family_id'])
        .where('id', 'in', [...ids])
        .execute(),
    ]);
    return [
      ...logged.map((l) => ({ ...l, meeting: false })),
      ...meetings.map((m) => ({ ...m, kind: null, officer_id: null, meeting: true })),
    ];
  };
  return {
    type: TAF_SUPPORT_RECORD_TYPE,
    noun: 'TAF meetings supported',
    seenWith: ['early-help:start', 'early-help:team-view', 'early-help:support-log'],
    async involvements(viewer, ids) {
      const found = await rows(ids);
      const families = await deps.earlyHelp.involvementsInFamilies(
        found.flatMap((r) => (r.family_id ? [r.family_id] : [])),
        viewer,
      );
      return new Map(
        found.map((r) => {
          const involvements: Involvement[] = [...((r.family_id && families.get(r.family_id)) || [])];
          if (r.officer_id === viewer.id && !involvements.includes('taf-support')) involvements.push('taf-support');
          return [r.id, involvements];
        }),
      );
    },
    async describe(viewer, ids) {
      return new Map(
        (await rows(ids)).map((r) => {
          if (r.meeting)
            return [
              r.id,
              {
                reference: shortReference('TAF meeting', r.id),
                about: 'Held in Hearth',
                href: `/early-help/meetings/${r.id}`,
              },
            ];
          const href =
            r.officer_id === viewer.id
              ? '/early-help/support-log'
              : r.family_id
                ? `/families/${r.family_id}`
                : undefined;
          return [
            r.id,
            {
              reference: shortReference('Support log', r.id),
              about: `${r.kind ? SUPPORT_KINDS[r.kind] : 'Support'}, logged by hand`,
              ...(href ? { href } : {}),
            },
          ];
        }),
      );
    },
  };
}
