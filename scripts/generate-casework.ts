/**
 * Realistic, deterministic early help casework for the casework benchmark (npm run bench casework).
 *
 * generateCasework({ episodes, seed, today, refs }) makes, for `episodes` open episodes: users (partner
 * practitioners, Family Solutions workers and managers, TAF support officers) in teams across the Essex
 * districts; families made from generated households (scripts/generate-people.ts) with their members and
 * addresses, a fifth more families with closed episodes only; episodes (a fifth Family Solutions, the rest
 * TAF) with level history, involvements (lead professional, allocated worker, a few TAF members, some
 * ended), needs, Family Solutions allocations, plans with goals, about ten actions an episode (due dates
 * spread around `today`), reviews with scores, and TAF meetings with invitees. Rows come out table by
 * table, in an order that satisfies the foreign keys, with the database's own column names.
 * The same arguments always give the same output; `today` anchors every date.
 */
import { storedKeys } from '../src/modules/people/matching.ts';
import { TOWNS, prng } from './generate-directory.ts';
import { generatePeople, type GeneratedPerson } from './generate-people.ts';

/** Ids the generated rows point at that the reference seed made (they differ between databases). */
export interface CaseworkRefs {
  /** Organisation id by tenant code: essex-county-council, essex-schools, essex-police, essex-child-and-family-wellbeing-service. */
  organisations: Record<string, string>;
  /** District id by code: the 12 Essex districts. */
  districts: Record<string, string>;
  outcomeAreas: string[];
}

export type Row = Record<string, string | number | boolean | null>;

/** Each table's columns with their SQL types, in load order (parents before children). */
export const CASEWORK_TABLES: { table: string; columns: [string, string][] }[] = [
  {
    table: 'teams',
    columns: [
      ['id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['code', 'text'],
      ['name', 'text'],
    ],
  },
  {
    table: 'team_districts',
    columns: [
      ['team_id', 'uuid'],
      ['district_id', 'uuid'],
    ],
  },
  {
    table: 'users',
    columns: [
      ['id', 'uuid'],
      ['email', 'text'],
      ['display_name', 'text'],
      ['organisation_id', 'uuid'],
    ],
  },
  {
    table: 'user_roles',
    columns: [
      ['user_id', 'uuid'],
      ['role', 'text'],
    ],
  },
  {
    table: 'team_members',
    columns: [
      ['team_id', 'uuid'],
      ['user_id', 'uuid'],
    ],
  },
  {
    table: 'people',
    columns: [
      ['id', 'uuid'],
      ['first_name', 'text'],
      ['middle_names', 'text'],
      ['last_name', 'text'],
      ['date_of_birth', 'date'],
      ['gender', 'text'],
      ['address', 'text'],
      ['postcode', 'text'],
      ['first_key', 'text'],
      ['last_key', 'text'],
      ['first_phon', 'text'],
      ['last_phon', 'text'],
      ['postcode_key', 'text'],
      ['postcode_outward', 'text'],
    ],
  },
  {
    table: 'families',
    columns: [
      ['id', 'uuid'],
      ['name', 'text'],
      ['district_code', 'text'],
      ['created_at', 'timestamptz'],
    ],
  },
  {
    table: 'family_members',
    columns: [
      ['id', 'uuid'],
      ['family_id', 'uuid'],
      ['person_id', 'uuid'],
      ['relationship', 'text'],
      ['from_date', 'date'],
      ['to_date', 'date'],
    ],
  },
  {
    table: 'family_addresses',
    columns: [
      ['id', 'uuid'],
      ['family_id', 'uuid'],
      ['address', 'text'],
      ['postcode', 'text'],
      ['from_date', 'date'],
      ['to_date', 'date'],
    ],
  },
  {
    table: 'episodes',
    columns: [
      ['id', 'uuid'],
      ['family_id', 'uuid'],
      ['opened_at', 'timestamptz'],
      ['opened_from', 'text'],
      ['hub_work_item_id', 'uuid'],
      ['request_id', 'uuid'],
      ['level', 'int4'],
      ['pathway', 'text'],
      ['status', 'text'],
      ['closed_at', 'timestamptz'],
      ['closure_reason', 'text'],
      ['lead_professional_id', 'uuid'],
      ['allocated_team_id', 'uuid'],
    ],
  },
  {
    table: 'episode_levels',
    columns: [
      ['id', 'uuid'],
      ['episode_id', 'uuid'],
      ['level', 'int4'],
      ['from_at', 'timestamptz'],
      ['reason', 'text'],
      ['changed_by', 'uuid'],
    ],
  },
  {
    table: 'episode_involvements',
    columns: [
      ['id', 'uuid'],
      ['episode_id', 'uuid'],
      ['user_id', 'uuid'],
      ['role', 'text'],
      ['from_at', 'timestamptz'],
      ['to_at', 'timestamptz'],
    ],
  },
  {
    table: 'episode_needs',
    columns: [
      ['id', 'uuid'],
      ['episode_id', 'uuid'],
      ['outcome_area', 'text'],
      ['description', 'text'],
      ['identified_at', 'timestamptz'],
      ['outcome', 'text'],
      ['outcome_at', 'timestamptz'],
    ],
  },
  {
    table: 'fs_allocations',
    columns: [
      ['id', 'uuid'],
      ['episode_id', 'uuid'],
      ['team_id', 'uuid'],
      ['worker_id', 'uuid'],
      ['allocated_at', 'timestamptz'],
      ['ended_at', 'timestamptz'],
    ],
  },
  {
    table: 'plans',
    columns: [
      ['id', 'uuid'],
      ['episode_id', 'uuid'],
      ['start_date', 'date'],
      ['next_review_date', 'date'],
      ['created_at', 'timestamptz'],
    ],
  },
  {
    table: 'plan_goals',
    columns: [
      ['id', 'uuid'],
      ['plan_id', 'uuid'],
      ['need_id', 'uuid'],
      ['outcome_area', 'text'],
      ['description', 'text'],
      ['start_score', 'int4'],
      ['created_at', 'timestamptz'],
    ],
  },
  {
    table: 'plan_actions',
    columns: [
      ['id', 'uuid'],
      ['plan_id', 'uuid'],
      ['goal_id', 'uuid'],
      ['description', 'text'],
      ['who_kind', 'text'],
      ['family_member_id', 'uuid'],
      ['user_id', 'uuid'],
      ['directory_service_id', 'uuid'],
      ['who_name', 'text'],
      ['due_date', 'date'],
      ['status', 'text'],
      ['created_at', 'timestamptz'],
    ],
  },
  {
    table: 'plan_reviews',
    columns: [
      ['id', 'uuid'],
      ['plan_id', 'uuid'],
      ['review_date', 'date'],
      ['what_changed', 'text'],
      ['next_review_date', 'date'],
      ['recorded_at', 'timestamptz'],
    ],
  },
  {
    table: 'plan_review_scores',
    columns: [
      ['review_id', 'uuid'],
      ['goal_id', 'uuid'],
      ['score', 'int4'],
    ],
  },
  {
    table: 'taf_meetings',
    columns: [
      ['id', 'uuid'],
      ['episode_id', 'uuid'],
      ['family_id', 'uuid'],
      ['starts_at', 'timestamptz'],
      ['online', 'bool'],
      ['place', 'text'],
      ['status', 'text'],
      ['notes', 'text'],
      ['next_review_date', 'date'],
      ['recorded_at', 'timestamptz'],
      ['recorded_by', 'uuid'],
    ],
  },
  {
    table: 'taf_meeting_invitees',
    columns: [
      ['id', 'uuid'],
      ['meeting_id', 'uuid'],
      ['user_id', 'uuid'],
      ['person_id', 'uuid'],
      ['attendance', 'text'],
    ],
  },
];

export interface CaseworkData {
  tables: Record<string, Row[]>;
  /** A Family Solutions worker with a typical caseload (10-30 open families), to sign in as. */
  worker: { id: string; email: string; openFamilies: string[] };
}

const DAY = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const at = (iso: string, hour = 10) => `${iso}T${String(hour).padStart(2, '0')}:00:00Z`;
const DISTRICTS = [
  'basildon',
  'braintree',
  'brentwood',
  'castle-point',
  'chelmsford',
  'colchester',
  'epping-forest',
  'harlow',
  'maldon',
  'rochford',
  'tendring',
  'uttlesford',
];
const DISTRICT_OF = new Map<string, string>(
  TOWNS.flatMap((t) => t.outward.map((o) => [o, t.district] as [string, string])),
);
const PARTNER_ORGS = [
  ['essex-schools', 'schools'],
  ['essex-child-and-family-wellbeing-service', 'wellbeing'],
  ['essex-police', 'police'],
] as const;
const CLOSURE = [
  'needs-met',
  'needs-met',
  'needs-met',
  'stepped-down-to-universal',
  'stepped-up',
  'consent-withdrawn',
  'moved-away',
];
const NEED_WORDS: Record<string, string> = {
  education: 'Missing school most Mondays',
  'early-years': 'Not taking up the funded nursery place',
  health: 'Asthma not managed at home',
  'substance-use': 'Dad’s drinking worries the children',
  relationships: 'Arguments at home most evenings',
  'abuse-and-exploitation': 'Older child seen with adults not known to the family',
  crime: 'Older child arrested for shoplifting',
  'domestic-abuse': 'Mum has spoken of past domestic abuse',
  housing: 'Rent arrears; a notice to leave is feared',
  'financial-stability': 'Debts and no money for food at the end of the month',
};
const ACTIONS = [
  'Go to the Triple P parenting course',
  'Meet the school’s attendance officer',
  'Book a GP appointment',
  'Apply for help with the rent arrears',
  'Call the housing officer',
  'Start the Freedom Programme',
  'Visit the family hub stay and play',
  'Set up a morning routine chart',
  'Referral to the young carers service',
  'Check benefits entitlement with Citizens Advice',
  'Weekly home visit',
  'Join the after-school club',
];

/** Casework for `episodes` open episodes; see the file's comment. */
export function generateCasework(options: {
  episodes: number;
  seed?: number;
  today: string;
  refs: CaseworkRefs;
}): CaseworkData {
  const { episodes: openCount, today, refs } = options;
  const random = prng(options.seed ?? 42);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const id = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '8';
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  const t: Record<string, Row[]> = Object.fromEntries(CASEWORK_TABLES.map(({ table }) => [table, []]));
  const push = (table: string, row: Row) => t[table]!.push(row);
  const org = (code: string) => {
    const found = refs.organisations[code];
    if (!found) throw new Error(`No organisation ${code}`);
    return found;
  };

  // ---- Teams and users: about 2,000 for 50,000 open episodes ----
  const userCount = Math.max(60, Math.round(openCount * 0.04));
  const names = generatePeople(Math.ceil(userCount * 1.5), (options.seed ?? 42) + 1).filter(
    (p) => p.dateOfBirth < '2000',
  );
  const teamOf = new Map<string, { fs: string; eh: string; partners: string[] }>();
  const addTeam = (code: string, name: string, organisation: string, district: string) => {
    const teamId = id();
    push('teams', { id: teamId, organisation_id: org(organisation), code, name });
    const districtId = refs.districts[district];
    if (!districtId) throw new Error(`No district ${district}`);
    push('team_districts', { team_id: teamId, district_id: districtId });
    return teamId;
  };
  for (const d of DISTRICTS) {
    const label = d.replace(/(^|-)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase());
    teamOf.set(d, {
      fs: addTeam(`bench-fs-${d}`, `Family Solutions ${label} (bench)`, 'essex-county-council', d),
      eh: addTeam(`bench-eh-${d}`, `Early Help ${label} (bench)`, 'essex-county-council', d),
      partners: PARTNER_ORGS.map(([o, word]) => addTeam(`bench-${word}-${d}`, `${label} ${word} (bench)`, o, d)),
    });
  }
  type Staff = { id: string; email: string; district: string };
  const staff: Record<'partner' | 'fsWorker' | 'fsManager' | 'tafOfficer', Staff[]> = {
    partner: [],
    fsWorker: [],
    fsManager: [],
    tafOfficer: [],
  };
  const roleOf = {
    partner: 'partner-practitioner',
    fsWorker: 'family-solutions-worker',
    fsManager: 'family-solutions-manager',
    tafOfficer: 'taf-support-officer',
  } as const;
  for (let i = 0; i < userCount; i += 1) {
    const share = i / userCount;
    const kind = share < 0.7 ? 'partner' : share < 0.88 ? 'fsWorker' : share < 0.92 ? 'fsManager' : 'tafOfficer';
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const person = names[i % names.length]!;
    const partnerTeam = i % PARTNER_ORGS.length;
    const email = `${person.firstName}.${person.lastName}.${i}@bench.essex.example`
      .toLowerCase()
      .replace(/[^a-z0-9.@-]/g, '');
    const userId = id();
    const teams = teamOf.get(district)!;
    push('users', {
      id: userId,
      email,
      display_name: `${person.firstName} ${person.lastName}`,
      organisation_id: org(kind === 'partner' ? PARTNER_ORGS[partnerTeam]![0] : 'essex-county-council'),
    });
    push('user_roles', { user_id: userId, role: roleOf[kind] });
    push('team_members', {
      team_id: kind === 'partner' ? teams.partners[partnerTeam]! : kind === 'tafOfficer' ? teams.eh : teams.fs,
      user_id: userId,
    });
    staff[kind].push({ id: userId, email, district });
  }
  const inDistrict = (list: Staff[], district: string) => {
    const local = list.filter((s) => s.district === district);
    return local.length ? local : list;
  };
  const local = Object.fromEntries(
    DISTRICTS.map((d) => [
      d,
      {
        partner: inDistrict(staff.partner, d),
        fsWorker: inDistrict(staff.fsWorker, d),
        tafOfficer: inDistrict(staff.tafOfficer, d),
      },
    ]),
  );

  // ---- Households with children become families ----
  const familyCount = Math.round(openCount * 1.2);
  const households = new Map<number, GeneratedPerson[]>();
  for (let size = familyCount * 5; ; size *= 2) {
    const people = generatePeople(size, options.seed ?? 42);
    households.clear();
    for (const p of people) households.set(p.household, [...(households.get(p.household) ?? []), p]);
    const withChildren = [...households.values()].filter((h) => h.some((p) => p.dateOfBirth >= '2007'));
    if (withChildren.length >= familyCount) {
      households.clear();
      withChildren.slice(0, familyCount).forEach((h, i) => households.set(i, h));
      break;
    }
  }

  const openFamiliesOf = new Map<string, string[]>();
  let f = 0;
  for (const members of households.values()) {
    const first = members[0]!;
    const district = DISTRICT_OF.get(first.postcode.split(' ')[0]!) ?? DISTRICTS[f % DISTRICTS.length]!;
    const familyId = id();
    const hasOpen = f < openCount;
    f += 1;
    const opened = addDays(today, -int(7, 340));
    const known = addDays(opened, -int(0, 900));
    push('families', {
      id: familyId,
      name: `The ${first.lastName} family`,
      district_code: district,
      created_at: at(known),
    });
    const memberIds: { id: string; person: GeneratedPerson }[] = [];
    for (const p of members) {
      const keys = storedKeys(p);
      push('people', {
        id: p.id,
        first_name: p.firstName,
        middle_names: p.middleNames ?? null,
        last_name: p.lastName,
        date_of_birth: p.dateOfBirth,
        gender: p.gender,
        address: p.address,
        postcode: p.postcode,
        first_key: keys.first_key,
        last_key: keys.last_key,
        first_phon: keys.first_phon,
        last_phon: keys.last_phon,
        postcode_key: keys.postcode_key,
        postcode_outward: keys.postcode_outward,
      });
      const left = chance(0.05) ? addDays(known, int(30, 300)) : null;
      const memberId = id();
      const relationship =
        p.dateOfBirth >= '2007' ? 'child' : memberIds.length === 0 ? 'parent' : pick(['parent', 'partner', 'carer']);
      push('family_members', {
        id: memberId,
        family_id: familyId,
        person_id: p.id,
        relationship,
        from_date: known,
        to_date: left && left < today ? left : null,
      });
      memberIds.push({ id: memberId, person: p });
    }
    if (chance(0.2))
      push('family_addresses', {
        id: id(),
        family_id: familyId,
        address: `${int(1, 90)} Station Road`,
        postcode: first.postcode,
        from_date: addDays(known, -400),
        to_date: known,
      });
    push('family_addresses', {
      id: id(),
      family_id: familyId,
      address: first.address,
      postcode: first.postcode,
      from_date: known,
      to_date: null,
    });

    // An earlier, closed episode for some open families; closed-only families have one.
    if (!hasOpen || chance(0.1))
      episode(familyId, district, addDays(hasOpen ? known : opened, -int(60, 400)), memberIds, false);
    if (hasOpen) episode(familyId, district, opened, memberIds, true);
  }

  function episode(
    familyId: string,
    district: string,
    opened: string,
    members: { id: string; person: GeneratedPerson }[],
    open: boolean,
  ) {
    const episodeId = id();
    const fs = chance(0.2);
    const people = local[district]!;
    const lead = fs ? pick(people.fsWorker) : pick(people.partner);
    const level = fs ? 3 : chance(0.8) ? 2 : 3;
    const closed = open ? null : addDays(opened, int(60, 300));
    const closedAt = closed && closed < today ? closed : addDays(today, -1);
    const team = fs ? teamOf.get(district)!.fs : null;
    push('episodes', {
      id: episodeId,
      family_id: familyId,
      opened_at: at(opened),
      opened_from: fs ? 'hub-decision' : 'partner-start',
      hub_work_item_id: fs ? id() : null,
      request_id: fs ? id() : null,
      level,
      pathway: fs ? 'family-solutions' : 'taf',
      status: open ? 'open' : 'closed',
      closed_at: open ? null : at(closedAt, 16),
      closure_reason: open ? null : pick(CLOSURE),
      lead_professional_id: lead.id,
      allocated_team_id: team,
    });
    push('episode_levels', {
      id: id(),
      episode_id: episodeId,
      level,
      from_at: at(opened),
      reason: 'Several needs; the family agree to help.',
      changed_by: lead.id,
    });
    if (chance(0.15))
      push('episode_levels', {
        id: id(),
        episode_id: episodeId,
        level: level === 2 ? 3 : 2,
        from_at: at(addDays(opened, 40), 11),
        reason: 'Needs have changed since the last review.',
        changed_by: lead.id,
      });
    const involve = (userId: string, role: string, from: string, to: string | null = open ? null : closedAt) =>
      push('episode_involvements', {
        id: id(),
        episode_id: episodeId,
        user_id: userId,
        role,
        from_at: at(from),
        to_at: to ? at(to, 17) : null,
      });
    involve(lead.id, 'lead-professional', opened);
    if (fs) {
      involve(lead.id, 'allocated-worker', opened);
      push('fs_allocations', {
        id: id(),
        episode_id: episodeId,
        team_id: team,
        worker_id: lead.id,
        allocated_at: at(opened),
        ended_at: open ? null : at(closedAt, 17),
      });
    }
    const taf = new Set([lead.id]);
    for (let i = int(1, 3); i > 0; i -= 1) {
      const member = pick(people.partner);
      if (taf.has(member.id)) continue;
      taf.add(member.id);
      involve(
        member.id,
        'taf-member',
        addDays(opened, int(0, 30)),
        chance(0.1) && addDays(opened, 45) < today ? addDays(opened, 45) : undefined,
      );
    }
    if (chance(0.3)) involve(pick(people.tafOfficer).id, 'taf-member', addDays(opened, 7));
    if (open) openFamiliesOf.set(lead.id, [...(openFamiliesOf.get(lead.id) ?? []), familyId]);

    const needs: { id: string; area: string }[] = [];
    const areas = new Set<string>();
    for (let i = int(2, 4); i > 0; i -= 1) areas.add(pick(refs.outcomeAreas));
    for (const area of areas) {
      const needId = id();
      needs.push({ id: needId, area });
      push('episode_needs', {
        id: needId,
        episode_id: episodeId,
        outcome_area: area,
        description: NEED_WORDS[area] ?? 'A worry the family named',
        identified_at: at(opened),
        outcome: open ? null : pick(['achieved', 'achieved', 'partly', 'not']),
        outcome_at: open ? null : at(closedAt, 16),
      });
    }
    if (!open) return;

    // The plan: a goal for each need, about ten actions, reviews every six weeks so far.
    const planId = id();
    const planned = addDays(opened, int(3, 20));
    const start = planned < today ? planned : opened;
    const reviews: string[] = [];
    for (let r = addDays(start, 42); r < today; r = addDays(r, 42)) reviews.push(r);
    const nextReview = addDays(reviews.at(-1) ?? start, 42);
    push('plans', {
      id: planId,
      episode_id: episodeId,
      start_date: start,
      next_review_date: nextReview,
      created_at: at(start),
    });
    const goals = needs.map((need) => {
      const goalId = id();
      push('plan_goals', {
        id: goalId,
        plan_id: planId,
        need_id: need.id,
        outcome_area: need.area,
        description: `Things are better: ${(NEED_WORDS[need.area] ?? 'the worry').toLowerCase()} no more`,
        start_score: int(1, 5),
        created_at: at(start),
      });
      return goalId;
    });
    const actionCount = int(5, 15);
    const span = Math.max(1, Math.round((Date.parse(today) - Date.parse(start)) / DAY));
    for (let a = 0; a < actionCount; a += 1) {
      const due = addDays(start, int(7, span + 90));
      const past = due < today;
      const who = random();
      const member = pick(members).id;
      push('plan_actions', {
        id: id(),
        plan_id: planId,
        goal_id: goals[a % goals.length]!,
        description: pick(ACTIONS),
        who_kind: who < 0.4 ? 'family-member' : who < 0.9 ? 'practitioner' : 'service',
        family_member_id: who < 0.4 ? member : null,
        user_id: who >= 0.4 && who < 0.9 ? pick([...taf]) : null,
        directory_service_id: who >= 0.9 ? id() : null,
        who_name: who < 0.4 ? 'A family member' : who < 0.9 ? 'A practitioner' : 'Family hub',
        due_date: due,
        status: past ? (chance(0.75) ? 'done' : chance(0.1) ? 'dropped' : 'open') : 'open',
        created_at: at(start),
      });
    }
    reviews.forEach((date, i) => {
      const reviewId = id();
      push('plan_reviews', {
        id: reviewId,
        plan_id: planId,
        review_date: date,
        what_changed: 'School attendance is up; the rent is being paid.',
        next_review_date: reviews[i + 1] ?? nextReview,
        recorded_at: at(date, 15),
      });
      for (const goalId of goals)
        push('plan_review_scores', { review_id: reviewId, goal_id: goalId, score: Math.min(10, 3 + i + int(0, 2)) });
    });

    // TAF meetings: the held reviews, and the next one scheduled.
    for (const date of [...reviews.slice(-2), nextReview]) {
      const meetingId = id();
      const held = date < today;
      const online = chance(0.4);
      push('taf_meetings', {
        id: meetingId,
        episode_id: episodeId,
        family_id: familyId,
        starts_at: at(date, 14),
        online,
        place: online ? null : 'The family hub',
        status: held ? 'held' : 'scheduled',
        notes: held ? 'Reviewed the plan with the family.' : null,
        next_review_date: held ? addDays(date, 42) : null,
        recorded_at: held ? at(date, 16) : null,
        recorded_by: held ? lead.id : null,
      });
      for (const userId of taf)
        push('taf_meeting_invitees', {
          id: id(),
          meeting_id: meetingId,
          user_id: userId,
          person_id: null,
          attendance: held ? (chance(0.85) ? 'attended' : 'apologies') : null,
        });
      const parent = members.find((m) => m.person.dateOfBirth < '2007');
      if (parent)
        push('taf_meeting_invitees', {
          id: id(),
          meeting_id: meetingId,
          user_id: null,
          person_id: parent.person.id,
          attendance: held ? 'attended' : null,
        });
    }
  }

  // The worker to sign in as: a Family Solutions worker nearest to 20 open families (10-30 if any).
  const worker = staff.fsWorker
    .map((s) => ({ ...s, openFamilies: openFamiliesOf.get(s.id) ?? [] }))
    .sort(
      (a, b) =>
        Math.abs(a.openFamilies.length - 20) - Math.abs(b.openFamilies.length - 20) || a.email.localeCompare(b.email),
    )[0]!;
  return { tables: t, worker: { id: worker.id, email: worker.email, openFamilies: worker.openFamilies } };
}
