import { pageCount, pageHref, pagination } from '../../platform/views/pagination.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { ROLES, ROLE_DESCRIPTIONS, ROLE_NAMES } from '../../platform/permissions/roles.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import type { RenderContext } from '../../platform/http/types.ts';
import type { ReferenceService } from '../reference/index.ts';
import { userEditSchema, userPrefillSchema, userSchema, userSearchSchema } from './schemas.ts';
import { UserInputError, type UsersService } from './service.ts';

const V = 'users/views';

export async function usersRoutes(
  app: FastifyInstance,
  { users, reference }: { users: UsersService; reference: ReferenceService },
) {
  async function formOptions() {
    const [organisations, teams] = await Promise.all([reference.organisations(), reference.allTeams()]);
    return {
      organisations: organisations.filter((o) => o.is_active).map((o) => ({ value: o.id, text: o.name })),
      teams,
      roles: ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role], hint: { text: ROLE_DESCRIPTIONS[role] } })),
    };
  }

  async function renderForm(reply: FastifyReply, template: string, context: RenderContext, errors?: FormErrors) {
    return reply.render(`${V}/${template}`, { ...(await formOptions()), ...context, errors }, errors ? 400 : 200);
  }

  const userId = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    return id;
  };

  app.get('/admin/users', { config: { access: { action: 'user:list' } } }, async (request, reply) => {
    const query = userSearchSchema.safeParse(request.query);
    const { q, page } = query.success ? query.data : { q: '', page: 1 };
    const result = await users.search(q, page);
    const pages = pageCount(result.total, users.pageSize);
    const links = pagination(page, pages, pageHref('/admin/users', q ? [['q', q]] : []));
    return reply.render(`${V}/list.njk`, { pageTitle: 'Users', q, page, pages, pagination: links, ...result });
  });

  // A name, email and organisation may come filled in (a practitioner invited to a TAF without an account).
  app.get('/admin/users/new', { config: { access: { action: 'user:manage' } } }, async (request, reply) => {
    const given = userPrefillSchema.safeParse(request.query);
    return renderForm(reply, 'new.njk', {
      pageTitle: 'Add a user',
      values: { roles: [], teamIds: [], ...(given.success ? given.data : {}) },
    });
  });

  app.post(
    '/admin/users/new',
    { config: { access: { action: 'user:manage' }, once: true } },
    async (request, reply) => {
      const page = { pageTitle: 'Add a user' };
      const form = parseForm(userSchema, request.body);
      if (!form.ok) return renderForm(reply, 'new.njk', { ...page, values: asFormValues(form.values) }, form.errors);
      try {
        const id = await users.create(actorOf(request), form.data);
        request.session.flash = `${form.data.displayName} has been added. We have emailed them a link to create their password.`;
        return reply.redirect(`/admin/users/${id}`, 303);
      } catch (error) {
        if (!(error instanceof UserInputError)) throw error;
        return renderForm(
          reply,
          'new.njk',
          { ...page, values: asFormValues(form.values) },
          formError(error.field, error.message),
        );
      }
    },
  );

  app.get('/admin/users/:id', { config: { access: { action: 'user:view' } } }, async (request, reply) => {
    const user = await users.view(actorOf(request), userId(request));
    if (!user) throw notFound();
    return reply.render(`${V}/show.njk`, { pageTitle: user.display_name, account: user, roleNames: ROLE_NAMES });
  });

  app.get('/admin/users/:id/edit', { config: { access: { action: 'user:manage' } } }, async (request, reply) => {
    const user = await users.view(actorOf(request), userId(request));
    if (!user) throw notFound();
    const values = {
      displayName: user.display_name,
      organisationId: user.organisation_id,
      roles: user.roles,
      teamIds: user.teams.map((t) => t.id),
      isActive: user.is_active ? 'yes' : 'no',
      version: user.version,
    };
    return renderForm(reply, 'edit.njk', { pageTitle: `Change ${user.display_name}`, account: user, values });
  });

  app.post('/admin/users/:id/edit', { config: { access: { action: 'user:manage' } } }, async (request, reply) => {
    const id = userId(request);
    const user = await users.view(actorOf(request), id);
    if (!user) throw notFound();
    const page = { pageTitle: `Change ${user.display_name}`, account: user };
    const form = parseForm(userEditSchema, request.body);
    if (!form.ok) return renderForm(reply, 'edit.njk', { ...page, values: asFormValues(form.values) }, form.errors);
    try {
      await users.update(actorOf(request), id, form.data.version, form.data);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        const errors = formError(
          'displayName',
          'Someone else changed this user while you were editing. Your changes have not been saved: check the details below, then make your changes again.',
        );
        const fresh = await users.view(actorOf(request), id);
        const values = fresh
          ? {
              displayName: fresh.display_name,
              organisationId: fresh.organisation_id,
              roles: fresh.roles,
              teamIds: fresh.teams.map((t) => t.id),
              isActive: fresh.is_active ? 'yes' : 'no',
              version: fresh.version,
            }
          : {};
        return renderForm(reply, 'edit.njk', { ...page, values }, errors);
      }
      if (!(error instanceof UserInputError)) throw error;
      return renderForm(
        reply,
        'edit.njk',
        { ...page, values: asFormValues(form.values) },
        formError(error.field, error.message),
      );
    }
    request.session.flash = 'The user’s details have been updated.';
    return reply.redirect(`/admin/users/${id}`, 303);
  });

  app.post(
    '/admin/users/:id/reset-sign-in',
    { config: { access: { action: 'user:manage' } } },
    async (request, reply) => {
      const id = userId(request);
      try {
        await users.resetSignIn(actorOf(request), id);
      } catch (error) {
        if (!(error instanceof UserInputError)) throw error;
        // A refusal is an error on the page, never in the green success banner.
        const user = await users.view(actorOf(request), id);
        if (!user) throw notFound();
        const errors = { list: [{ text: error.message, href: '#reset' }], fields: {} };
        return reply.render(
          `${V}/show.njk`,
          { pageTitle: `Error: ${user.display_name}`, account: user, roleNames: ROLE_NAMES, errors },
          400,
        );
      }
      request.session.flash = 'Their sign-in has been reset. We have emailed them a link to create a new password.';
      return reply.redirect(`/admin/users/${id}`, 303);
    },
  );
}

/** Checkbox fields arrive as a string for one choice and an array for several: always an array here. */
function asFormValues(values: Record<string, unknown>) {
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return { ...values, roles: list(values.roles), teamIds: list(values.teamIds) };
}
