import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { checkDemoRequests } from '../../src/demo/seed-requests.ts';
import type { DeclaredRoute } from '../../src/platform/http/route-access.ts';
import { INTEGER_MAX } from '../../src/platform/views/fields.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { seedEveryForm } from '../helpers/seed-every-form.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabaseKind } from '../helpers/database.ts';

/**
 * Ordinary bad input is never a 500 (issue 11, item 8). Every registered POST route, as each kind of user,
 * gets a NUL in every field, a lone surrogate (as JSON), a hidden version of 2^31, and nothing at all:
 * the first two are refused with a 400 by the input guard, the others are answered with the form's own
 * errors, a refusal or a redirect, never a 500.
 */

let t: TestApp;
let posts: DeclaredRoute[];
let ids: Record<string, string>;
let signIns = 0;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `198.51.100.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

/** The table whose rows a path segment names, for filling in route parameters with real ids. */
const TABLE_OF: Record<string, string> = {
  families: 'families',
  members: 'family_members',
  episodes: 'episodes',
  plans: 'plans',
  meetings: 'taf_meetings',
  work: 'hub_work_items',
  requests: 'requests_for_support',
  decisions: 'hub_decisions',
  people: 'people',
  police: 'requests_for_support',
  consultations: 'consultations',
  drafts: 'request_drafts',
  users: 'users',
  organisations: 'organisations',
  teams: 'teams',
  services: 'directory_services',
  versions: 'directory_service_versions',
  goals: 'plan_goals',
  actions: 'plan_actions',
  sections: 'assessment_sections',
  needs: 'episode_needs',
  reviews: 'plan_reviews',
  checks: 'fs_sustainment_checks',
  supervisions: 'fs_supervisions',
  imports: 'directory_imports',
  assessments: 'assessments',
  'support-log': 'taf_support_log',
  'taf-partners': 'taf_partners',
  concerns: 'exploitation_concerns',
  missing: 'missing_episodes',
  'missing-chats': 'missing_chats',
  nominations: 'mace1_nominations',
  cases: 'mace1_cases',
  places: 'mace2_places',
  persons: 'mace2_persons',
  items: 'governance_agenda_items',
  'education-compliance': 'education_cases',
  encompass: 'encompass_notifications',
  'social-care': 'social_care_handoffs',
  escalations: 'escalations',
  courses: 'training_courses',
  sessions: 'training_sessions',
  bookings: 'training_bookings',
  rounds: 'voice_rounds',
  cicc: 'voice_cicc_meetings',
  promises: 'voice_promise_versions',
  'case-reviews': 'case_review_referrals',
  learning: 'case_review_learning_actions',
  cycles: 'assurance_cycles',
  'case-audits': 'case_audits',
};
const UNKNOWN_ID = '0190a4d2-6c1e-7d3a-9b4f-2a1c3e5d7f90';

function fill(url: string) {
  const parts = url.split('/');
  // MACE 1's and MACE 2's meetings are not TAF meetings, nor MACE 2's actions plan actions.
  const mace2 = parts[1] === 'mace' && parts[2] === 'mace2';
  // A board's meetings and actions are the governance module's (seeded for the Safeguarding Children Board).
  const board = parts[1] === 'boards';
  // MARAC's meetings, cases, actions and invitations are its own (seed-marac-meetings.ts).
  const marac = parts[1] === 'marac';
  // A case audit's actions are its service development plan's (seed-audits.ts).
  const audits = parts[1] === 'audits';
  const table = (segment: string) =>
    audits && segment === 'actions'
      ? 'case_audit_actions'
      : marac
        ? `marac_${segment}`
        : board && (segment === 'meetings' || segment === 'actions')
          ? `governance_${segment}`
          : mace2 && segment === 'meetings'
            ? 'mace2_meetings'
            : mace2 && segment === 'actions'
              ? 'mace2_actions'
              : segment === 'meetings' && parts[1] === 'mace'
                ? 'mace1_meetings'
                : TABLE_OF[segment];
  // The partnership plan's pages are named by codes: the SEND priority of the 2020 plan, and a seeded action.
  if (parts[1] === 'plan') {
    const codes: Record<string, string> = { ':version': '2020', ':item': 'send', ':quadrant': 'west' };
    return parts
      .map((part) => codes[part] ?? (part === ':id' ? (ids.partnership_plan_actions ?? UNKNOWN_ID) : part))
      .join('/');
  }
  return parts
    .map((part, i) =>
      // A MACE 2 quadrant is named by its code; the demo member sits on the West panel.
      part === ':quadrant'
        ? 'west'
        : part === ':code'
          ? parts[1] === 'voice'
            ? 'have-your-say'
            : 'safeguarding-children-board'
          : part.startsWith(':')
            ? (ids[table(parts[i - 1] ?? '') ?? ''] ?? UNKNOWN_ID)
            : part,
    )
    .join('/');
}

/** The seeded under-10s' episodes: one waiting for scrutiny, one scrutinised with a referral needed. */
async function missingForScrutiny() {
  const young = await t.database.db
    .selectFrom('missing_episodes as e')
    .leftJoin('missing_scrutinies as s', 's.episode_id', 'e.id')
    .select(['e.id', 's.referral_needed'])
    .where('e.age_at_missing', '<', 10)
    .execute();
  return {
    waiting: young.find((e) => e.referral_needed === null)?.id ?? UNKNOWN_ID,
    referral: young.find((e) => e.referral_needed === true)?.id ?? UNKNOWN_ID,
  };
}

/** Where a create form is drawn, when not at its own address (MACE 1's forms). */
const FORM_AT: Record<string, string> = {
  '/marac/referrals': '/marac/referrals/new',
  '/mace/nominations': '/mace/nominations/new',
  '/mace/cases': '/mace/cases/new',
  '/mace/meetings': '/mace/meetings/new',
  '/mace/nominations/:id/accept': '/mace/nominations/:id',
  '/mace/cases/:id/actions': '/mace/cases/:id/actions/new',
  '/mace/meetings/:id/cases/:caseId/information': '/mace/meetings/:id/cases/:caseId',
  // The performance framework's commentary is drawn on the indicator's page, for the partnership analyst.
  '/performance/indicators/:code/commentary': '/performance/indicators/cme.children-missing-education',
  '/performance/imports': '/performance/imports',
  // A person's ethnicity and SEND are changed on the Hub's page for the person.
  '/hub/people/:id/details': '/hub/people/:id',
  '/plan/:version/:item/actions': '/plan/:version/:item/actions/new',
  '/plan/:version/:item/reviews': '/plan/:version/:item/review',
  '/plan/localities/:quadrant/actions': '/plan/localities/:quadrant/actions/new',
  '/plan/actions/:id/updates': '/plan/actions/:id',
  '/boards/:code/members': '/boards/:code/members/new',
  '/boards/:code/work-programme': '/boards/:code/work-programme/new',
  '/boards/:code/meetings': '/boards/:code/meetings/new',
  '/boards/:code/meetings/:id/items': '/boards/:code/meetings/:id/items/new',
  '/boards/:code/meetings/:id/items/:item/papers': '/boards/:code/meetings/:id/items/:item/papers/new',
  '/boards/:code/meetings/:id/decisions': '/boards/:code/meetings/:id/decisions/new',
  '/boards/:code/actions': '/boards/:code/actions/new',
  // Social care: a hand-off is acknowledged on its page; an escalation is raised about a decision (set in beforeAll),
  // its steps are drawn on its page.
  '/social-care/:id/acknowledge': '/social-care/:id',
  '/escalations/:id/respond': '/escalations/:id',
  '/escalations/:id/move-up': '/escalations/:id',
  '/escalations/:id/resolve': '/escalations/:id',
  '/escalations/:id/reassign': '/escalations/:id',
  '/training/courses': '/training/courses/new',
  '/training/sessions': '/training/sessions/new',
  '/training/sessions/:id/book': '/training/sessions/:id',
  '/training/champions': '/training/champions/new',
  // Case reviews: a partner's triage is on the referral's page, the agency's evidence and the check on the action's.
  '/case-reviews': '/case-reviews/new',
  '/case-reviews/:id/triage': '/case-reviews/:id',
  '/case-reviews/:id/delays': '/case-reviews/:id/delays/new',
  '/case-reviews/:id/recommendations': '/case-reviews/:id/recommendations/new',
  '/case-reviews/:id/actions': '/case-reviews/:id/actions/new',
  '/case-reviews/learning/:id/evidence': '/case-reviews/learning/:id',
  '/case-reviews/learning/:id/check': '/case-reviews/learning/:id',
  // Operation Encompass: the Hub's choice of school and the school's "received" are forms on the notification's page.
  '/encompass/:id/school': '/encompass/:id',
  '/encompass/:id/received': '/encompass/:id',
  '/encompass/:id/support': '/encompass/:id/support',
  // MARAC: listing a case is drawn on the meeting's list, research on the case at the meeting, an action and an
  // invitation on the case's safety action plan.
  '/marac/meetings/:id/list': '/marac/meetings/:id',
  '/marac/meetings/:id/cases/:caseId/research': '/marac/meetings/:id/cases/:caseId',
  '/marac/cases/:id/actions': '/marac/cases/:id/plan',
  '/marac/cases/:id/invitations': '/marac/cases/:id/plan',
  // The voice of children in care (issue 16), and a TAF Support Officer's workshop in the support log.
  '/voice/surveys/:code/rounds': '/voice/surveys/have-your-say/rounds/new',
  '/voice/rounds/:id/responses': '/voice/rounds/:id/responses/new',
  '/voice/rounds/:id/upload': '/voice/rounds/:id/import',
  '/voice/cicc': '/voice/cicc/new',
  '/voice/promises': '/voice/promises/new',
  '/early-help/support-log/events': '/early-help/support-log/events/new',
  // The audits: a theme and a plan action are drawn on the case audit's page.
  '/audits/cycles': '/audits/cycles/new',
  '/audits/case-audits': '/audits/case-audits/new',
  '/audits/case-audits/:id/themes': '/audits/case-audits/:id',
  '/audits/case-audits/:id/actions': '/audits/case-audits/:id',
};

/** Not walked: signing out would end the walker's session; the APIs take a token, not a form. */
const SKIP = /^\/(sign-in|sign-out|account\/sign-out-everywhere|api\/|dev\/)/;

beforeAll(async () => {
  t = await createTestApp();
  await seedEveryForm(t);
  posts = t.routes().filter((r) => r.method.split(',').includes('POST') && !SKIP.test(r.url));
  // One record of each kind; a family (and its episode) the demo practitioners are involved with.
  const open = await t.database.db
    .selectFrom('episodes')
    .select(['id', 'family_id'])
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  ids = { episodes: open.id, families: open.family_id };
  // The Safeguarding Children Board's meeting, item and action (seed-governance.ts).
  const escb = await t.database.db
    .selectFrom('governance_actions as a')
    .innerJoin('governance_boards as b', 'b.id', 'a.board_id')
    .select(['a.id', 'a.meeting_id', 'a.item_id'])
    .where('b.code', '=', 'safeguarding-children-board')
    .where('a.meeting_id', 'is not', null)
    .executeTakeFirstOrThrow();
  Object.assign(ids, {
    governance_actions: escb.id,
    governance_meetings: escb.meeting_id,
    governance_agenda_items: escb.item_id,
  });
  for (const table of new Set(Object.values(TABLE_OF))) {
    if (ids[table]) continue;
    const { rows } = await sql<{ id: string }>`select id from ${sql.table(table)} limit 1`.execute(t.database.db);
    if (rows[0]) ids[table] = rows[0].id;
  }
  // Social care (seed-every-form.ts): an escalation is raised from the handed-off decision.
  const handOff = await t.database.db.selectFrom('social_care_handoffs').select('decision_id').executeTakeFirst();
  if (handOff) FORM_AT['/escalations/new'] = `/escalations/new?decision=${handOff.decision_id}`;
  // Training (seed-training.ts): a session to come to book; the teacher's booking of yesterday's session to evaluate
  // now, and of one four months ago whose follow-up is due.
  const coming = await t.database.db
    .selectFrom('training_sessions')
    .select('id')
    .where('starts_at', '>', new Date())
    .executeTakeFirst();
  if (coming) ids.training_sessions = coming.id;
  // Case reviews: the police's triage is drawn on the referral that waits for it (seed-case-reviews.ts).
  const waiting = await t.database.db
    .selectFrom('case_review_referrals')
    .select('id')
    .where('status', '=', 'triage')
    .executeTakeFirst();
  if (waiting) FORM_AT['/case-reviews/:id/triage'] = `/case-reviews/${waiting.id}`;
  const teacherBookings = await t.database.db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .select(['b.id', 's.starts_at'])
    .where('u.email', '=', 'teacher@essex.example')
    .orderBy('s.starts_at', 'desc')
    .execute();
  if (teacherBookings[0]) ids.training_bookings = teacherBookings[0].id;
  if (teacherBookings[1])
    FORM_AT['/training/bookings/:id/follow-up'] = `/training/bookings/${teacherBookings[1].id}/follow-up`;
  const planAction = await t.database.db.selectFrom('partnership_plan_actions').select('id').executeTakeFirst();
  if (planAction) ids.partnership_plan_actions = planAction.id;
  // MACE 1: a nomination still to decide (its accept form), a case and a meeting of the same quadrant.
  const mace = await sql<{ nomination: string; case_id: string; meeting: string }>`
    select n.id as nomination, c.id as case_id, m.id as meeting from mace1_nominations n, mace1_cases c
    join mace1_meetings m on m.quadrant_id = c.quadrant_id where n.status = 'nominated' limit 1`.execute(t.database.db);
  if (mace.rows[0])
    Object.assign(ids, {
      mace1_nominations: mace.rows[0].nomination,
      mace1_cases: mace.rows[0].case_id,
      mace1_meetings: mace.rows[0].meeting,
    });
  const member = await t.database.db
    .selectFrom('family_members')
    .select('id')
    .where('family_id', '=', open.family_id)
    .executeTakeFirst();
  if (member) ids.family_members = member.id;
  // The returned episode whose Missing Chats were never started: its page offers to start them.
  const unstarted = await t.database.db
    .selectFrom('missing_episodes')
    .select('id')
    .where('returned_at', 'is not', null)
    // A Missing Chat is for a child of 10 or over (the under-10s' episodes seeded for the scrutiny are not).
    .where('age_at_missing', '>=', 10)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('missing_chats').select('id').whereRef('episode_id', '=', 'missing_episodes.id'))),
    )
    .executeTakeFirst();
  if (unstarted) ids.missing_episodes = unstarted.id;
  // MARAC: the case seeded with its meeting, action and invitation (seed-marac-meetings.ts).
  const marac = await sql<{ case_id: string; meeting_id: string; action_id: string; invitation_id: string }>`
    select c.id as case_id, h.meeting_id, a.id as action_id, i.id as invitation_id from marac_cases c
    join marac_hearings h on h.case_id = c.id join marac_actions a on a.case_id = c.id
    join marac_invitations i on i.case_id = c.id where c.reference = 'MARAC-SEED-MEETINGS'`.execute(t.database.db);
  if (marac.rows[0])
    Object.assign(ids, {
      marac_cases: marac.rows[0].case_id,
      marac_meetings: marac.rows[0].meeting_id,
      marac_actions: marac.rows[0].action_id,
      marac_invitations: marac.rows[0].invitation_id,
    });
}, 120_000);
afterAll(() => t?.close());

const USERS = [
  'admin@essex.example',
  'corporate.parenting@essex.example',
  'hub.manager@essex.example',
  'hub.practitioner@essex.example',
  'fs.manager@essex.example',
  'fs.worker@essex.example',
  'tafso@essex.example',
  'teacher@essex.example',
  'provider@essex.example',
  'moderator@essex.example',
  'involvement.worker@essex.example',
  'missing.coordinator@essex.example',
  'mace.coordinator@essex.example',
  'marac.coordinator@essex.example',
  'education.compliance@essex.example',
  'school.dsl@essex.example',
  'social.care@essex.example',
  'analyst@essex.example',
  'board.manager@essex.example',
  'partner.police@essex.example',
];

// The walk is about the HTTP layer (forms, escaping), the same on both databases: it runs on PGlite only, to keep
// the suite's time for what differs between them (the named cases below and every other database test run on both).
describe.skipIf(testDatabaseKind() === 'postgres')('every form, as every kind of user', () => {
  it('has POST routes to walk', () => {
    expect(posts.length).toBeGreaterThan(60);
  });

  it('draws a one-time submission key into every create form (platform/http/once.ts)', async () => {
    const clients = new Map<string, TestClient>();
    const missing: string[] = [];
    // The Hub social worker's review is a section of the request page, drawn only for a Hub social worker while the
    // decision waits for them; hub-social-work-review.db.test.ts checks its key (parallel submits make one review).
    // Social care's outcome is drawn on a hand-off's page once acknowledged (the seeded one waits to be);
    // social-care.db.test.ts records outcomes and checks that a second is refused.
    const drawnElsewhere = new Set(['/hub/decisions/:id/social-work-review', '/social-care/:id/outcome']);
    for (const route of t.routes().filter((r) => r.once && !drawnElsewhere.has(r.url))) {
      // The consultation, exploitation concern and MACE 2 forms are drawn at /new and sent to the list's address; a
      // concern's "Start a Request for Support" is a button on the concern's page.
      // The Missing Co-ordinator's scrutiny is drawn for an under-10's episode not yet scrutinised, and its "Start a
      // Request for Support" is a button on the page of one scrutinised with a referral needed (seed-every-form.ts).
      const scrutiny = await missingForScrutiny();
      const formUrl =
        route.url === '/missing/:id/scrutiny'
          ? `/missing/${scrutiny.waiting}/scrutiny`
          : route.url === '/missing/:id/scrutiny/request'
            ? `/missing/${scrutiny.referral}`
            : fill(
                FORM_AT[route.url] ??
                  (route.url === '/hub/consultations' ||
                  route.url === '/exploitation/concerns' ||
                  /^\/mace\/mace2\/:quadrant\/(places|persons|meetings|actions|profile)$/.test(route.url)
                    ? `${route.url}/new`
                    : route.url.replace(/\/request$/, '').replace(/^(\/missing\/:id)\/chats$/, '$1')),
              );
      let drawn = false;
      for (const email of [...USERS, 'mace.coordinator@essex.example', 'analyst@essex.example']) {
        const client = clients.get(email) ?? (await signedIn(email));
        clients.set(email, client);
        const page = await client.get(formUrl);
        if (page.statusCode === 200 && /name="submissionKey" value="[0-9a-f-]{36}"/.test(page.body)) {
          drawn = true;
          break;
        }
      }
      if (!drawn) missing.push(`${route.url} (drawn at ${formUrl})`);
    }
    expect(missing).toEqual([]);
  }, 60_000);

  it.each(USERS)(
    'as %s: NUL and lone surrogates are a 400, a version of 2^31 and empty forms are never a 500',
    async (email) => {
      const client = await signedIn(email);
      const problems: string[] = [];
      // The input guard runs before any access check, so one user is enough to prove NUL and surrogates are
      // refused everywhere; a route that checks its items itself is tried as every user.
      const firstUser = email === USERS[0];
      // A page before each post, for its CSRF token, as a browser would have: the account page, which is light (the
      // home page, with its lists, made this walk take minutes). A post refused as "This form has expired", or sent to
      // sign in, means the walk lost its session and proves nothing: a failure, never a silent pass.
      let token = '';
      const fresh = async () => {
        await client.get('/account');
        token = client.csrfToken() ?? '';
      };
      const post = async (url: string, form: Record<string, string>) => {
        await fresh();
        const answer = await client.post(url, { _csrf: token, ...form });
        if (answer.statusCode === 403 && answer.body.includes('This form has expired'))
          problems.push(`${url}: the CSRF token was refused`);
        if (answer.statusCode === 303 && String(answer.headers.location).startsWith('/sign-in'))
          problems.push(`${url}: sent to sign in`);
        return answer;
      };
      for (const route of posts) {
        const url = fill(route.url);
        if (firstUser || route.itemsChecked) {
          // A route that checks its items itself (a batch upload) decides access first: a 403 is right there.
          const refused = route.itemsChecked ? [400, 403] : [400];
          const nul = await post(url, { version: '1\u0000', name: 'x\u0000', q: '\u0000' });
          if (!refused.includes(nul.statusCode)) problems.push(`${route.url} NUL: ${nul.statusCode}`);
          await fresh();
          const surrogate = await client.request(
            'POST',
            url,
            JSON.stringify({ _csrf: token, version: '1', name: 'Zo\ud800' }),
            { 'content-type': 'application/json' },
          );
          if (!refused.includes(surrogate.statusCode)) problems.push(`${route.url} surrogate: ${surrogate.statusCode}`);
        }
        const huge = await post(url, { version: String(INTEGER_MAX + 1) });
        if (huge.statusCode >= 500) problems.push(`${route.url} version 2^31: ${huge.statusCode}`);
        // Refused by the route's declared access, before any handler: an empty form is refused the same way.
        if (huge.statusCode === 403) continue;
        const empty = await post(url, {});
        if (empty.statusCode >= 500) problems.push(`${route.url} empty: ${empty.statusCode}`);
      }
      expect(problems).toEqual([]);
    },
    300_000,
  );
});

describe('named cases', () => {
  it('saving a consultation without its date gives the error summary, not a 500', async () => {
    const client = await signedIn('hub.practitioner@essex.example');
    await client.get('/hub/consultations/new');
    const response = await client.post('/hub/consultations', {
      consultedTime: '14:30',
      channel: 'phone',
      askerName: 'Grace Okafor',
      askerOrganisationName: 'Harlow Primary',
      question: 'Level 2?',
      advice: 'Talk to mum.',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toContain('Enter the date of the consultation');
  });

  it('demo requests are read through the request form’s schemas: an outcome area that does not exist stops start-up', async () => {
    await expect(checkDemoRequests(t.services.reference)).resolves.toBeUndefined();
    await expect(
      checkDemoRequests(t.services.reference, [
        {
          people: [],
          worries: [{ area: 'family-relationships', details: 'Arguments at home.' }],
          strengths: 'Mum wants help.',
          level: { level: 2, reasons: 'Growing needs.' },
        },
      ]),
    ).rejects.toThrow(/Demo request 1 .*Select worries from the list/);
  });
});
