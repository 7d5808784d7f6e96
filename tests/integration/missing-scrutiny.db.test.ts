import { describe, expect, it } from 'vitest';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import { ctx, episodeOf, eventsFor, goodScrutiny, keyOf, report, useMissingApp } from '../helpers/missing-scrutiny.ts';

/**
 * The Missing Co-ordinator's scrutiny (issue 13): every under-10's episode on the list, oldest first, and its refusal
 * for a child of 10 or over or of unknown age; every problem at once; parallel submits make one review; a referral
 * started through the front door; markup and NUL; the audit trail. Closing is in missing-closing.db.test.ts,
 * repeat missing and the figures in missing-repeat.db.test.ts.
 */

useMissingApp();

describe('the Missing Co-ordinator’s scrutiny of under-10s', () => {
  it('lists every under-10’s episode not yet scrutinised, oldest report first; never a 10-year-old’s or an unknown age’s', async () => {
    const seven = await episodeOf(report('Seven', '2019-06-01', { reported_at: '2026-11-30T19:30' }));
    const nine = await episodeOf(report('Nine', '2017-03-01', { reported_at: '2026-11-28T10:00' }));
    const ten = await episodeOf(report('Ten', '2016-01-01'));
    const unknown = await episodeOf(report('Unknown', undefined));
    expect([seven.age_at_missing, nine.age_at_missing, ten.age_at_missing, unknown.age_at_missing]).toEqual([
      7,
      9,
      10,
      null,
    ]);
    const list = await ctx.coordinator.get('/missing/scrutiny');
    expect(list.statusCode).toBe(200);
    const at = (id: string) => list.body.indexOf(`/missing/${id}"`);
    expect(at(nine.id)).toBeGreaterThan(-1);
    expect(at(seven.id)).toBeGreaterThan(at(nine.id));
    expect(at(ten.id)).toBe(-1);
    expect(at(unknown.id)).toBe(-1);
    // The Co-ordinator sees an under-10's episode (the missing-response involvement), not a 10-year-old's.
    const page = await ctx.coordinator.get(`/missing/${seven.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Waiting for scrutiny');
    expect((await ctx.coordinator.get(`/missing/${ten.id}`)).statusCode).toBe(403);
    // The Hub does not scrutinise; the list is the Co-ordinator's.
    expect((await ctx.hub.get('/missing/scrutiny')).statusCode).toBe(403);
    // The page says an unknown age is not treated as under 10.
    expect((await ctx.hub.get(`/missing/${unknown.id}`)).body).toContain(
      'The child’s age is not known, so this episode is not treated as one of a child under 10',
    );
  });

  it('refuses scrutiny of a child of 10 or over, or of unknown age, with the reason, and audits it', async () => {
    const ten = await episodeOf(report('Tenner', '2016-01-01'));
    const refused = await ctx.coordinator.get(`/missing/${ten.id}/scrutiny`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(
      'The Missing Co-ordinator scrutinises the episodes of children under 10: this child was 10 when reported missing.',
    );
    const unknown = await episodeOf(report('Nodob', undefined));
    expect((await ctx.coordinator.get(`/missing/${unknown.id}/scrutiny`)).body).toContain(
      'this child’s age is not known, so the episode is not treated as under 10',
    );
    expect((await eventsFor(ten.id)).map((e) => e.action)).toContain('permission.denied');
    // Nobody else scrutinises.
    const seven = await episodeOf(report('Sevenish', '2019-06-01'));
    expect((await ctx.hub.get(`/missing/${seven.id}/scrutiny`)).statusCode).toBe(403);
  });

  it('shows every problem with the scrutiny at once, keeping what was typed', async () => {
    const seven = await episodeOf(report('Problems', '2019-06-01'));
    const form = await ctx.coordinator.get(`/missing/${seven.id}/scrutiny`);
    expect(form.statusCode).toBe(200);
    const empty = await ctx.coordinator.post(`/missing/${seven.id}/scrutiny`, { submissionKey: keyOf(form.body) });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the findings of the scrutiny');
    expect(empty.body).toContain('Enter at least one action: what is to be done, who will do it and by when');
    expect(empty.body).toContain('Select whether a referral is needed');
    const partial = await ctx.coordinator.post(`/missing/${seven.id}/scrutiny`, {
      submissionKey: keyOf(empty.body),
      findings: 'Typed findings stay',
      action1What: 'Only the what',
      'action2By-day': '31',
      'action2By-month': '2',
      'action2By-year': '2030',
      referralNeeded: 'maybe',
    });
    expect(partial.statusCode).toBe(400);
    for (const message of [
      'Enter who will do action 1',
      'Enter the date action 1 is to be done by',
      'Enter what action 2 is',
      'Enter who will do action 2',
      'The date for action 2 must be a real date',
      'Select whether a referral is needed',
    ])
      expect(partial.body).toContain(message);
    expect(partial.body).toContain('Typed findings stay');
    expect(partial.body).toContain('value="Only the what"');
    expect(
      await ctx.t.database.db.selectFrom('missing_scrutinies').where('episode_id', '=', seven.id).execute(),
    ).toEqual([]);
  });

  it('records the review once however many times it is sent at once, audited, and moves it to done', async () => {
    const seven = await episodeOf(report('Parallel', '2019-06-01'));
    const form = await ctx.coordinator.get(`/missing/${seven.id}/scrutiny`);
    const key = keyOf(form.body);
    const sent = await Promise.all(
      Array.from({ length: 10 }, () => ctx.coordinator.post(`/missing/${seven.id}/scrutiny`, goodScrutiny(key))),
    );
    expect(sent.every((r) => r.statusCode === 303)).toBe(true);
    const rows = await ctx.t.database.db
      .selectFrom('missing_scrutinies')
      .selectAll()
      .where('episode_id', '=', seven.id)
      .execute();
    expect(rows).toHaveLength(1);
    const coordinatorUser = await userByEmail(ctx.t.services, 'missing.coordinator@essex.example');
    expect(rows[0]).toMatchObject({ referral_needed: false, reviewed_by: coordinatorUser.id });
    const actions = await ctx.t.database.db
      .selectFrom('missing_scrutiny_actions')
      .select(['position', 'what', 'who', 'by_when'])
      .where('scrutiny_id', '=', rows[0]!.id)
      .orderBy('position')
      .execute();
    expect(actions).toEqual([
      {
        position: 1,
        what: 'Talk to the school about the friendship',
        who: 'Missing Co-ordinator',
        by_when: '2030-03-01',
      },
      { position: 2, what: 'Safety plan with the family', who: 'Hub social worker', by_when: '2030-03-15' },
    ]);
    expect((await eventsFor(seven.id)).filter((e) => e.action === 'missing-episode.scrutinised')).toHaveLength(1);
    expect((await ctx.coordinator.get('/missing/scrutiny')).body).not.toContain(`/missing/${seven.id}"`);
    expect((await ctx.coordinator.get('/missing/scrutiny?show=done')).body).toContain(`/missing/${seven.id}"`);
    const page = await ctx.hub.get(`/missing/${seven.id}`);
    expect(page.body).toContain('Talk to the school about the friendship: Missing Co-ordinator, by 1 March 2030');
    // The form is not offered again.
    const again = await ctx.coordinator.get(`/missing/${seven.id}/scrutiny`);
    expect(again.statusCode).toBe(303);
  });

  it('starts a Request for Support through the front door when a referral is needed, once', async () => {
    const seven = await episodeOf(report('Referral', '2019-06-01'));
    const form = await ctx.coordinator.get(`/missing/${seven.id}/scrutiny`);
    await ctx.coordinator.post(
      `/missing/${seven.id}/scrutiny`,
      goodScrutiny(keyOf(form.body), { referralNeeded: 'yes' }),
    );
    const page = await ctx.coordinator.get(`/missing/${seven.id}`);
    expect(page.body).toContain('Start a Request for Support');
    const started = await ctx.coordinator.post(`/missing/${seven.id}/scrutiny/request`, {
      submissionKey: keyOf(page.body),
    });
    expect(started.statusCode).toBe(303);
    const draftId = /\/requests\/drafts\/([0-9a-f-]+)/.exec(started.headers.location as string)![1]!;
    const draft = await ctx.t.database.db
      .selectFrom('request_drafts')
      .select('data')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(draft.data)).toContain('Referral');
    const again = await ctx.coordinator.get(`/missing/${seven.id}`);
    const second = await ctx.coordinator.post(`/missing/${seven.id}/scrutiny/request`, {
      submissionKey: keyOf(again.body),
    });
    expect(second.headers.location).toBe(started.headers.location);
  });

  it('keeps markup in the findings as typed and shows it escaped', async () => {
    const seven = await episodeOf(report('Markup', '2019-06-01'));
    const form = await ctx.coordinator.get(`/missing/${seven.id}/scrutiny`);
    await ctx.coordinator.post(
      `/missing/${seven.id}/scrutiny`,
      goodScrutiny(keyOf(form.body), { findings: '<script>alert(1)</script> seen', action1Who: '<i>Co-ordinator</i>' }),
    );
    const row = await ctx.t.database.db
      .selectFrom('missing_scrutinies')
      .select('findings')
      .where('episode_id', '=', seven.id)
      .executeTakeFirstOrThrow();
    expect(row.findings).toBe('<script>alert(1)</script> seen');
    const page = await ctx.hub.get(`/missing/${seven.id}`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; seen');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;i&gt;Co-ordinator&lt;/i&gt;');
    const other = await episodeOf(report('Nul', '2019-06-01'));
    const again = await ctx.coordinator.get(`/missing/${other.id}/scrutiny`);
    const nul = await ctx.coordinator.post(
      `/missing/${other.id}/scrutiny`,
      goodScrutiny(keyOf(again.body), { findings: 'A\u0000' }),
    );
    expect(nul.statusCode).toBe(400);
    expect(
      await ctx.t.database.db.selectFrom('missing_scrutinies').where('episode_id', '=', other.id).execute(),
    ).toEqual([]);
  });
});
