import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/seed-demo.ts';
import { TestClient } from '../../../tests/helpers/http-client.ts';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { KEEP_FOR_MS, KeptForms, keptFieldsOf } from './kept-forms.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_MINUTES: '30' });
});
afterAll(async () => {
  await t?.close();
});

// Each test's browser has its own address, so the sign-in rate limit never counts one test's sign-ins in another.
let browsers = 0;
const browser = () => new TestClient(t.app, { remoteAddress: `10.0.0.${++browsers}` });

const FORM = '/hub/consultations/new';
const HUB = 'hub.practitioner@essex.example';
const MANAGER = 'hub.manager@essex.example';
const QUESTION = 'Łukasz’s school asked about <script>alert(1)</script> & his "attendance"\r\nSecond line';

async function signIn(client: TestClient, email: string) {
  await client.get('/sign-in');
  return client.post('/sign-in', { email, password: DEMO_PASSWORD });
}

const userId = async (email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** Ends the user's session as the clock would: the row's expiry passes (the store no longer gives it back). */
async function expireSessions(email: string) {
  await t.database.db
    .updateTable('sessions')
    .set({ expires_at: new Date(Date.now() - 60_000) })
    .where('user_id', '=', await userId(email))
    .execute();
}

/** Winds the last activity back past the idle timeout while the row itself is still there. */
async function goIdle(email: string) {
  const rows = await t.database.db
    .selectFrom('sessions')
    .select(['id', 'data'])
    .where('user_id', '=', await userId(email))
    .execute();
  for (const row of rows) {
    const data = { ...(row.data as Record<string, unknown>), lastSeenAt: Date.now() - 31 * 60_000 };
    await t.database.db
      .updateTable('sessions')
      .set({ data: JSON.stringify(data) })
      .where('id', '=', row.id)
      .execute();
  }
}

const consultation = {
  'consultedOn-day': '2',
  'consultedOn-month': '12',
  'consultedOn-year': '2026',
  consultedTime: '9:30am',
  channel: 'phone',
  askerName: 'Ștefan Țurcanu',
  childFirstName: 'Mia',
  question: QUESTION,
  submissionKey: 'a-key',
  password: 'never-keep-this',
};

/** The audit events of one action, in the order they were recorded (PostgreSQL gives no order without one). */
const events = (action: string) =>
  t.database.db
    .selectFrom('audit_events')
    .select(['details', 'actor_user_id'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

describe('keptFieldsOf', () => {
  it('keeps what was typed and drops tokens, passwords and codes', () => {
    expect(
      keptFieldsOf({
        _csrf: 'x',
        _timeout: '1',
        submissionKey: 'k',
        password: 'p',
        newPassword: 'p',
        code: '123456',
        recoveryCode: 'abcd',
        totpSecret: 's',
        version: '3',
        postcode: 'CM1 1AA',
        areas: ['a', 'b'],
        summary: 'Typed',
      }),
    ).toEqual({ version: '3', postcode: 'CM1 1AA', areas: ['a', 'b'], summary: 'Typed' });
  });

  it('keeps nothing when nothing was typed, or the body is not a form', () => {
    expect(keptFieldsOf({ _csrf: 'x', password: 'p', blank: '  ' })).toBeNull();
    expect(keptFieldsOf(null)).toBeNull();
    expect(keptFieldsOf('text')).toBeNull();
    expect(keptFieldsOf([{ a: 'b' }])).toBeNull();
  });
});

describe('KeptForms', () => {
  it('gives a kept form back once, to its user, on its page, within the hour; the row is sealed', async () => {
    const now = { at: new Date() };
    const store = new KeptForms(t.database.db, () => now.at);
    const mine = await userId(HUB);
    const other = await userId(MANAGER);
    const token = await store.keep(mine, { path: FORM, fields: { question: 'Secret words' } });

    const row = await t.database.db.selectFrom('kept_forms').selectAll().where('user_id', '=', mine).executeTakeFirst();
    expect(row!.id).not.toBe(token);
    expect(row!.sealed).not.toContain('Secret');
    expect(Buffer.from(row!.sealed, 'base64url').toString('latin1')).not.toContain('Secret');

    expect(await store.pathFor(token, mine)).toBe(FORM);
    expect(await store.pathFor(token, other)).toBeNull();
    expect(await store.pathFor('another-browser', mine)).toBeNull();
    expect(await store.take(token, other, FORM)).toBeNull();
    expect(await store.take(token, mine, '/somewhere-else')).toBeNull();
    // Looking does not use it up; taking does, once.
    expect(await store.peek(token, other, FORM)).toBeNull();
    expect(await store.peek(token, mine, FORM)).toEqual({ path: FORM, fields: { question: 'Secret words' } });
    expect(await store.take(token, mine, FORM)).toEqual({ path: FORM, fields: { question: 'Secret words' } });
    expect(await store.take(token, mine, FORM)).toBeNull();

    const later = await store.keep(mine, { path: FORM, fields: { question: 'Later' } });
    now.at = new Date(Date.now() + KEEP_FOR_MS + 1000);
    expect(await store.pathFor(later, mine)).toBeNull();
    expect(await store.take(later, mine, FORM)).toBeNull();
    expect(await store.deleteExpired()).toBe(1);
  });
});

describe('a form sent after the session expired', () => {
  it('is kept, and after signing in again the same page shows it, once, with a notice', async () => {
    const client = browser();
    await signIn(client, HUB);
    await client.get(FORM);
    await expireSessions(HUB);

    const late = await client.post('/hub/consultations', consultation, { referer: `http://localhost${FORM}` });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/sign-in?expired=1');
    expect((await client.follow(late)).body).toContain('We kept what you typed: sign in again to check it and send it');
    // Nothing was made.
    expect(await t.database.db.selectFrom('consultations').select('id').execute()).toEqual([]);
    const [kept] = await events('form.kept');
    expect(kept!.actor_user_id).toBe(await userId(HUB));
    expect(kept!.details).toMatchObject({ path: FORM, fields: expect.arrayContaining(['question', 'askerName']) });
    expect(JSON.stringify(kept!.details)).not.toContain('Łukasz');
    expect(JSON.stringify(kept!.details)).not.toContain('password');

    const signedIn = await client.post('/sign-in', { email: HUB, password: DEMO_PASSWORD });
    expect(signedIn.headers.location).toBe(FORM);
    const page = await client.follow(signedIn);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You were signed out. We kept what you typed: check it and send it again.');
    expect(page.body).toContain(
      'Łukasz’s school asked about &lt;script&gt;alert(1)&lt;/script&gt; &amp; his &quot;attendance&quot;',
    );
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('value="Ștefan Țurcanu"');
    expect(page.body).not.toContain('never-keep-this');
    expect(page.body).not.toContain('kept-form-missing');
    expect((await events('form.restored')).length).toBe(1);

    const again = await client.get(FORM);
    expect(again.body).not.toContain('We kept what you typed');
    expect(again.body).not.toContain('Ștefan Țurcanu');
  });

  it('is left in place when the page it was typed on redirects instead of drawing a form', async () => {
    const client = browser();
    await signIn(client, HUB);
    await expireSessions(HUB);
    // Typed on a page that, for this user now, sends them elsewhere (a family's check page with no answers).
    const late = await client.post('/hub/consultations', consultation, { referer: 'http://localhost/get-help/check' });
    expect(late.headers.location).toBe('/sign-in?expired=1');
    await client.follow(late);
    const before = (await events('form.restored')).length;
    const signedIn = await client.post('/sign-in', { email: HUB, password: DEMO_PASSWORD });
    expect(signedIn.headers.location).toBe('/get-help/check');
    const redirected = await client.follow(signedIn);
    expect(redirected.statusCode).toBe(303);
    expect((await events('form.restored')).length).toBe(before);
    const rows = await t.database.db
      .selectFrom('kept_forms')
      .select('path')
      .where('user_id', '=', await userId(HUB))
      .execute();
    expect(rows).toEqual([{ path: '/get-help/check' }]);
  });

  it('is kept when the session is still stored but idle too long', async () => {
    const client = browser();
    await signIn(client, HUB);
    await client.get(FORM);
    await goIdle(HUB);
    const late = await client.post('/hub/consultations', consultation, { referer: `http://localhost${FORM}` });
    expect(late.headers.location).toBe('/sign-in?expired=1');
    await client.get('/sign-in');
    const signedIn = await client.post('/sign-in', { email: HUB, password: DEMO_PASSWORD });
    expect(signedIn.headers.location).toBe(FORM);
    expect((await client.follow(signedIn)).body).toContain('value="Ștefan Țurcanu"');
  });

  it('is never shown to someone else who signs in on that browser', async () => {
    const client = browser();
    await signIn(client, HUB);
    await client.get(FORM);
    await expireSessions(HUB);
    await client.post('/hub/consultations', consultation, { referer: `http://localhost${FORM}` });

    await client.get('/sign-in');
    const other = await client.post('/sign-in', { email: MANAGER, password: DEMO_PASSWORD });
    expect(other.headers.location).toBe('/');
    const page = await client.get(FORM);
    expect(page.body).not.toContain('Ștefan Țurcanu');
    expect(page.body).not.toContain('We kept what you typed');
    await client.post('/sign-out', {});

    // Still there for its author.
    await client.get('/sign-in');
    const mine = await client.post('/sign-in', { email: HUB, password: DEMO_PASSWORD });
    expect(mine.headers.location).toBe(FORM);
    expect((await client.follow(mine)).body).toContain('value="Ștefan Țurcanu"');
  });

  it('lists typed text the page does not draw back, with its label, to copy', async () => {
    const client = browser();
    await signIn(client, HUB);
    await client.get(FORM);
    await expireSessions(HUB);
    await client.post(
      '/hub/consultations',
      { ...consultation, notOnThisForm: 'Words from <b>a field</b> the page lacks' },
      { referer: `http://localhost${FORM}` },
    );
    await client.get('/sign-in');
    const page = await client.follow(await client.post('/sign-in', { email: HUB, password: DEMO_PASSWORD }));
    expect(page.body).toContain('data-qa="kept-form-missing"');
    expect(page.body).toContain('Not on this form');
    expect(page.body).toContain('Words from &lt;b&gt;a field&lt;/b&gt; the page lacks');
  });

  it('keeps nothing for a visitor who was never signed in, or a form with nothing typed', async () => {
    const before = (await events('form.kept')).length;
    const anonymous = browser();
    await anonymous.get('/sign-in');
    const post = await anonymous.post('/hub/consultations', consultation);
    expect(post.statusCode).not.toBe(500);
    expect(String(post.headers['set-cookie'] ?? '')).not.toContain('hearth_kept');

    const client = browser();
    await signIn(client, HUB);
    await client.get(FORM);
    await expireSessions(HUB);
    // "Sign out" pressed after the session expired: nothing typed, sent to the signed-out page, not a 403.
    const signOut = await client.post('/sign-out', {});
    expect(signOut.headers.location).toBe('/signed-out?timeout=1');
    expect((await events('form.kept')).length).toBe(before);
  });
});

describe('the timeout warning', () => {
  it('draws the dialog with the seconds left on signed-in pages only', async () => {
    const anonymous = browser();
    expect((await anonymous.get('/sign-in')).body).not.toContain('data-hearth-session-timeout');

    const client = browser();
    await signIn(client, HUB);
    const page = await client.get('/account');
    const remaining = Number(/data-remaining-seconds="(\d+)"/.exec(page.body)?.[1]);
    expect(remaining).toBeGreaterThan(29 * 60 - 5);
    expect(remaining).toBeLessThanOrEqual(30 * 60);
    expect(page.body).toContain('data-warning-seconds="120"');
    expect(page.body).toContain('<script type="module" src="/public/session-timeout.js"></script>');
    expect(page.body).toContain('You’re about to be signed out');
  });

  it('status does not count as activity; keep-alive does', async () => {
    const client = browser();
    await signIn(client, HUB);
    await client.get('/account');
    const id = await userId(HUB);
    const row = await t.database.db
      .selectFrom('sessions')
      .select(['id', 'data'])
      .where('user_id', '=', id)
      .orderBy('expires_at', 'desc')
      .executeTakeFirstOrThrow();
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    await t.database.db
      .updateTable('sessions')
      .set({ data: JSON.stringify({ ...(row.data as object), lastSeenAt: tenMinutesAgo }) })
      .where('id', '=', row.id)
      .execute();

    const status = await client.get('/session/status');
    expect(status.statusCode).toBe(200);
    const left = (status.json() as { remainingSeconds: number }).remainingSeconds;
    expect(left).toBeGreaterThan(19 * 60 - 5);
    expect(left).toBeLessThanOrEqual(20 * 60);
    expect(((await client.get('/session/status')).json() as { remainingSeconds: number }).remainingSeconds).toBe(left);

    const kept = await client.post('/session/keep-alive', {}, { accept: 'application/json' });
    expect(kept.statusCode).toBe(200);
    expect((kept.json() as { remainingSeconds: number }).remainingSeconds).toBeGreaterThan(30 * 60 - 5);

    // Without the form token a keep-alive is refused like any other form.
    const forged = await client.post('/session/keep-alive', { _csrf: 'forged' }, { accept: 'application/json' });
    expect(forged.statusCode).toBe(403);
  });

  it('signing out at the timeout keeps what was typed on the page', async () => {
    const client = browser();
    await signIn(client, HUB);
    await client.get(FORM);
    const out = await client.post(
      '/sign-out',
      { _timeout: '1', question: 'Typed before lunch', code: '123456' },
      { referer: `http://localhost${FORM}` },
    );
    expect(out.headers.location).toBe('/signed-out?timeout=1');
    const signedOut = await client.follow(out);
    expect(signedOut.body).toContain('You have been signed out');
    expect(signedOut.body).toContain('We kept what you had typed for an hour');
    const [latest] = (await events('form.kept')).slice(-1);
    expect(latest!.details).toEqual({ path: FORM, fields: ['question'] });

    await client.get('/sign-in');
    const page = await client.follow(await client.post('/sign-in', { email: HUB, password: DEMO_PASSWORD }));
    expect(page.body).toContain('Typed before lunch');
    expect(page.body).not.toContain('123456');
  });
});
