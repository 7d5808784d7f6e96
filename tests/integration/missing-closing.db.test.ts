import { describe, expect, it } from 'vitest';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import {
  ctx,
  episodeOf,
  eventsFor,
  goodScrutiny,
  keyOf,
  nextRef,
  report,
  returned,
  send,
  useMissingApp,
  versionOf,
} from '../helpers/missing-scrutiny.ts';

/**
 * Closing a missing episode (issue 13): by the Hub or the worker it went to, only after the return, and for a child
 * under 10 only once the Missing Co-ordinator's scrutiny is recorded; optimistic locking; the note's checks.
 */

useMissingApp();

describe('closing a missing episode', () => {
  it('is refused before the return, and for an under-10 until the scrutiny is recorded; then the Hub closes it', async () => {
    const n = report('Closing', '2019-06-01');
    const seven = await episodeOf(n);
    const early = await ctx.hub.get(`/missing/${seven.id}/close`);
    expect(early.body).toContain('The child has not returned yet');
    const notYet = await ctx.hub.post(`/missing/${seven.id}/close`, {
      version: versionOf(early.body),
      closingNote: 'Too soon',
    });
    expect(notYet.statusCode).toBe(400);
    expect(notYet.body).toContain('an episode is closed only after the child’s return');

    await returned(n);
    const form = await ctx.hub.get(`/missing/${seven.id}/close`);
    const refused = await ctx.hub.post(`/missing/${seven.id}/close`, {
      version: versionOf(form.body),
      closingNote: 'Home safe',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'This child was under 10 when reported missing: the episode can be closed only once the Missing Co-ordinator has recorded their scrutiny.',
    );
    expect(refused.body).toContain('Home safe');
    expect((await eventsFor(seven.id)).map((e) => e.action)).toContain('missing-episode.close-refused');

    const scrutiny = await ctx.coordinator.get(`/missing/${seven.id}/scrutiny`);
    await ctx.coordinator.post(`/missing/${seven.id}/scrutiny`, goodScrutiny(keyOf(scrutiny.body)));
    // The Co-ordinator scrutinises but does not close; nor does a practitioner with no part in it.
    expect(
      (await ctx.coordinator.post(`/missing/${seven.id}/close`, { version: '1', closingNote: 'x' })).statusCode,
    ).toBe(403);
    expect((await ctx.teacher.post(`/missing/${seven.id}/close`, { version: '1', closingNote: 'x' })).statusCode).toBe(
      403,
    );

    const ready = await ctx.hub.get(`/missing/${seven.id}/close`);
    const closed = await ctx.hub.post(`/missing/${seven.id}/close`, {
      version: versionOf(ready.body),
      closingNote: 'Home safe; <b>actions</b> agreed',
    });
    expect(closed.statusCode).toBe(303);
    const hubUser = await userByEmail(ctx.t.services, 'hub.practitioner@essex.example');
    const row = await ctx.t.database.db
      .selectFrom('missing_episodes')
      .selectAll()
      .where('id', '=', seven.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ closed_by: hubUser.id, closing_note: 'Home safe; <b>actions</b> agreed' });
    expect(row.closed_at).not.toBeNull();
    expect((await eventsFor(seven.id)).map((e) => e.action)).toContain('missing-episode.closed');
    const page = await ctx.hub.get(`/missing/${seven.id}`);
    expect(page.body).toContain('data-qa="tag-closed"');
    expect(page.body).toContain('Home safe; &lt;b&gt;actions&lt;/b&gt; agreed');
    // Closed: off the Hub's list of returned episodes, and not closed twice.
    expect((await ctx.hub.get('/missing?show=returned')).body).not.toContain(`/missing/${seven.id}"`);
    const twice = await ctx.hub.post(`/missing/${seven.id}/close`, {
      version: String(row.version),
      closingNote: 'Again',
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('This episode is already closed.');
  });

  it('closes a returned 12-year-old’s episode without scrutiny; a stale version is told and keeps the note', async () => {
    const n = report('Twelve', '2014-01-01');
    const twelve = await episodeOf(n);
    await returned(n);
    expect((await ctx.hub.get('/missing?show=returned')).body).toContain(`/missing/${twelve.id}"`);
    const form = await ctx.hub.get(`/missing/${twelve.id}/close`);
    const seen = versionOf(form.body);
    // The police send an update meanwhile.
    await send({
      ...n,
      police_reference: nextRef(),
      missing: { ...n.missing, event: 'update', episode_reference: n.police_reference },
    });
    const stale = await ctx.hub.post(`/missing/${twelve.id}/close`, { version: seen, closingNote: 'What I typed' });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('Someone else changed this episode while you were looking at it');
    expect(stale.body).toContain('What I typed');
    expect(versionOf(stale.body)).not.toBe(seen);
    const again = await ctx.hub.post(`/missing/${twelve.id}/close`, {
      version: versionOf(stale.body),
      closingNote: 'What I typed',
    });
    expect(again.statusCode).toBe(303);
  });

  it('checks the closing note: required, not over 2,000 characters; a NUL is refused and nothing saved', async () => {
    const n = report('Notes', '2014-01-01');
    const e = await episodeOf(n);
    await returned(n);
    const form = await ctx.hub.get(`/missing/${e.id}/close`);
    const version = versionOf(form.body);
    expect((await ctx.hub.post(`/missing/${e.id}/close`, { version, closingNote: ' ' })).body).toContain(
      'Enter a closing note',
    );
    expect((await ctx.hub.post(`/missing/${e.id}/close`, { version, closingNote: 'x'.repeat(2001) })).body).toContain(
      'The closing note must be 2,000 characters or fewer',
    );
    const nul = await ctx.hub.post(`/missing/${e.id}/close`, { version, closingNote: 'Bad\u0000' });
    expect(nul.statusCode).toBe(400);
    const row = await ctx.t.database.db
      .selectFrom('missing_episodes')
      .select('closed_at')
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(row.closed_at).toBeNull();
  });
});
