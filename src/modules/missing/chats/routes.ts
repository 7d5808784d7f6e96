import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { pageCount, pageHref, pagination } from '../../../platform/views/pagination.ts';
import { CHAT_WORDS, chatFormItems, chatValues, namesOf } from './present.ts';
import { CHAT_FIELDS, chatSchema, dueListQuery, startSchema } from './schemas.ts';
import type { MissingChatsService } from './service.ts';

const V = 'missing/chats/views';
const PAGE_SIZE = 50;
const STALE =
  'Someone else changed this chat while you were looking at it. Nothing has been saved: what you typed is still here, check it against the chat as it is now and save again.';

/** A problem the service found after the schema: shown on the form like the schema's. */
class ChatProblem extends Error {}

type Values = Record<string, unknown>;
type Opened = NonNullable<Awaited<ReturnType<MissingChatsService['chat']>>>;

/** The error summary in the order the form shows its fields. */
function inFormOrder(errors: FormErrors): FormErrors {
  const at = (href: string) => {
    const i = CHAT_FIELDS.findIndex((f) => href === `#${f}`);
    return i < 0 ? CHAT_FIELDS.length : i;
  };
  return { ...errors, list: [...errors.list].sort((a, b) => at(a.href) - at(b.href)) };
}

/**
 * Missing Chats' pages: the Involvement Service's due list (/missing-chats, the Hub may read it), one chat's page
 * and form (/missing-chats/:id: the Involvement Service records, the Hub reads), and starting a chat for an episode
 * returned before chats were kept (/missing/:id/chats).
 */
export async function missingChatRoutes(app: FastifyInstance, { chats }: { chats: MissingChatsService }) {
  app.get(
    '/missing-chats',
    { config: { access: { anyOf: ['missing:chat', 'hub:screen'] } } },
    async (request, reply) => {
      const { page, kind } = dueListQuery.parse(request.query ?? {});
      const { due, underway, settings } = await chats.dueList(actorOf(request), kind, page, PAGE_SIZE);
      return reply.render(`${V}/due-list.njk`, {
        pageTitle: kind === 'child' ? 'Missing Chats' : 'Parental Missing Chats',
        mojFrontend: true,
        kind,
        due,
        underway,
        settings,
        words: CHAT_WORDS,
        pagination: pagination(page, pageCount(due.total, PAGE_SIZE), pageHref('/missing-chats', [['kind', kind]])),
      });
    },
  );

  const lists = async () => {
    const s = await chats.settings();
    return { pushFactors: s.pushFactors, pullFactors: s.pullFactors, partners: s.partners };
  };
  const codes = async () => {
    const l = await lists();
    return {
      pushFactors: l.pushFactors.map((c) => c.code),
      pullFactors: l.pullFactors.map((c) => c.code),
      partners: l.partners.map((c) => c.code),
    };
  };
  let listCodes: Awaited<ReturnType<typeof codes>> | undefined;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Opened,
    values: Values,
    errors?: FormErrors,
  ) {
    const { chat } = found;
    const l = await lists();
    return reply.render(
      `${V}/chat.njk`,
      {
        pageTitle: `${chat.first_name} ${chat.last_name}: ${CHAT_WORDS.kinds[chat.kind]}`,
        ...found,
        values,
        errors,
        canRecord: can(request.user, 'missing:chat').allowed,
        words: CHAT_WORDS,
        named: {
          push: namesOf(chat.push_factors, l.pushFactors).join(', '),
          pull: namesOf(chat.pull_factors, l.pullFactors).join(', '),
          shared: [...namesOf(chat.shared_with, l.partners), chat.shared_with_other].filter(Boolean).join(', '),
        },
        ...chatFormItems(values, errors, l),
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/missing-chats/:id',
    { config: { access: { record: chats.chats.byId, can: 'record:view' } } },
    async (request, reply) => {
      const found = await chats.chat(actorOf(request), uuidParam(request));
      if (!found) throw notFound();
      return render(request, reply, found, chatValues(found.chat));
    },
  );

  app.post(
    '/missing-chats/:id',
    { config: { access: { record: chats.chats.byId, can: 'record:edit', action: 'missing:chat' } } },
    async (request, reply) => {
      const id = uuidParam(request);
      const found = await chats.chat(actorOf(request), id);
      if (!found) throw notFound();
      listCodes ??= await codes();
      const form = parseForm(chatSchema(found.chat.kind, listCodes), request.body);
      if (!form.ok) return render(request, reply, found, form.values, inFormOrder(form.errors));
      try {
        const { problem } = await chats.save(actorOf(request), id, form.data);
        if (problem) throw new ChatProblem(problem);
      } catch (error) {
        if (error instanceof ChatProblem)
          return render(request, reply, found, form.values, formError('offeredOn-day', error.message));
        if (!(error instanceof StaleVersionError)) throw error;
        // Someone else saved first: the chat as it is now, with what this person typed and the current version.
        const now = (await chats.chat(actorOf(request), id))!;
        return render(request, reply, now, { ...form.values, version: now.chat.version }, formError('version', STALE));
      }
      request.session.flash = 'The chat is saved.';
      return reply.redirect(`/missing-chats/${id}`, 303);
    },
  );

  app.post(
    '/missing/:id/chats',
    { config: { access: { action: 'missing:chat' }, once: true } },
    async (request, reply) => {
      const parsed = startSchema.safeParse(request.body ?? {});
      if (!parsed.success) throw notFound();
      const chatId = await chats.start(actorOf(request), request.user!, uuidParam(request), parsed.data.kind);
      if (!chatId) throw notFound();
      return reply.redirect(`/missing-chats/${chatId}`, 303);
    },
  );
}
