import Fastify, { type FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formPage } from './form-page.ts';
import { formError, parseForm, type FormErrors } from './forms.ts';

/** A record the page is about: a note with a version, as a service would hold it. */
interface Note {
  id: string;
  text: string;
  version: number;
  closed: boolean;
}
class Stale extends Error {}
class Refused extends Error {}

const notes = new Map<string, Note>();
const schema = z.object({ text: z.string().trim().min(1, 'Enter the note'), version: z.coerce.number() });

const app = Fastify();
beforeAll(async () => {
  await app.register(formbody);
  // What the page drew: the template's data as JSON, with the status the page chose.
  app.decorateReply('render', function (this: FastifyReply, _view: string, data: object, status = 200) {
    return this.code(status).send(data);
  });
  const page = formPage<Note, z.infer<typeof schema>>({
    open: async (request, reply) => {
      const note = notes.get((request.params as { id: string }).id);
      if (!note) {
        await reply.code(404).send({ missing: true });
        return null;
      }
      return note;
    },
    closed: (_request, reply, note) => (note.closed ? reply.redirect(`/notes/${note.id}`, 303) : null),
    initial: (note) => ({ text: note.text, version: note.version }),
    parse: (body) => parseForm(schema, body),
    render: (reply, note, values, errors?: FormErrors) =>
      reply.render(
        'note.njk',
        { pageTitle: 'Note', note: note.id, values, problems: errors?.list ?? [] },
        errors ? 400 : 200,
      ),
    save: async (_request, note, data) => {
      if (data.text.includes('refuse')) throw new Refused();
      if (data.version !== note.version) {
        // Someone else saved meanwhile.
        throw new Stale();
      }
      notes.set(note.id, { ...note, text: data.text, version: note.version + 1 });
      return `/notes/${note.id}`;
    },
    problemOf: (error) => (error instanceof Stale ? formError('text', 'Someone else changed the note') : null),
    afterProblem: async (_request, _reply, note, values) => {
      const now = notes.get(note.id)!;
      return { found: now, values: { ...values, version: now.version } };
    },
  });
  app.get('/notes/:id/edit', page.show);
  app.post('/notes/:id/edit', page.submit);
  app.setErrorHandler((error, _request, reply) => reply.code(error instanceof Refused ? 403 : 500).send({}));
  await app.ready();
});
afterAll(() => app.close());

const post = (id: string, form: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: `/notes/${id}/edit`,
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('one form page', () => {
  it('draws the form with the record’s values, and saves then goes on (Post/Redirect/Get)', async () => {
    notes.set('a', { id: 'a', text: 'First', version: 1, closed: false });
    const shown = await app.inject({ url: '/notes/a/edit' });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ note: 'a', values: { text: 'First', version: 1 } });
    const saved = await post('a', { text: 'Second', version: '1' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/notes/a');
    expect(notes.get('a')).toMatchObject({ text: 'Second', version: 2 });
  });

  it('draws the form again with the schema’s errors and what was typed, saving nothing', async () => {
    notes.set('b', { id: 'b', text: 'Kept', version: 1, closed: false });
    const refused = await post('b', { text: '   ', version: '1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ problems: [{ text: 'Enter the note', href: '#text' }] });
    expect(notes.get('b')!.text).toBe('Kept');
  });

  it('after someone else’s change shows the record as it is now, keeps the typed text, with the new version', async () => {
    notes.set('c', { id: 'c', text: 'Theirs', version: 2, closed: false });
    const stale = await post('c', { text: 'Mine', version: '1' });
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({
      values: { text: 'Mine', version: 2 },
      problems: [{ text: 'Someone else changed the note' }],
    });
    expect(notes.get('c')!.text).toBe('Theirs');
  });

  it('says so instead of the form when the record can no longer take the change, on both GET and POST', async () => {
    notes.set('d', { id: 'd', text: 'Done', version: 1, closed: true });
    expect((await app.inject({ url: '/notes/d/edit' })).headers.location).toBe('/notes/d');
    const posted = await post('d', { text: 'Too late', version: '1' });
    expect(posted.statusCode).toBe(303);
    expect(notes.get('d')!.text).toBe('Done');
  });

  it('leaves a reply the page already sent (not found), and passes an error the user cannot fix to the error handler', async () => {
    expect((await app.inject({ url: '/notes/nowhere/edit' })).statusCode).toBe(404);
    expect((await post('nowhere', { text: 'x', version: '1' })).statusCode).toBe(404);
    notes.set('e', { id: 'e', text: 'Safe', version: 1, closed: false });
    expect((await post('e', { text: 'please refuse', version: '1' })).statusCode).toBe(403);
  });
});
