import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import type { RenderContext } from '../../platform/http/types.ts';
import { organisationEditSchema, organisationSchema, teamEditSchema, teamSchema } from './schemas.ts';
import { DuplicateError, type ReferenceService } from './service.ts';

const V = 'reference/views';
const duplicateMessage = (what: string, error: DuplicateError) =>
  formError(error.field, `There is already ${what} with this ${error.field}`);
const staleMessage = (what: string) =>
  formError(
    'name',
    `Someone else changed this ${what} while you were editing. Your changes have not been saved: check the details below, then make your changes again.`,
  );

export async function referenceRoutes(app: FastifyInstance, { reference }: { reference: ReferenceService }) {
  const idParam = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    return id;
  };
  const loadOrganisation = async (request: FastifyRequest) => {
    const organisation = await reference.organisation(idParam(request));
    if (!organisation) throw notFound();
    return organisation;
  };
  const loadTeam = async (request: FastifyRequest) => {
    const team = await reference.team(idParam(request));
    if (!team) throw notFound();
    return { team, organisation: (await reference.organisation(team.organisation_id))! };
  };

  async function organisationForm(reply: FastifyReply, template: string, context: RenderContext, errors?: FormErrors) {
    const types = (await reference.organisationTypes()).map((t) => ({ value: t.code, text: t.name }));
    return reply.render(`${V}/${template}`, { types, ...context, errors }, errors ? 400 : 200);
  }
  async function teamForm(reply: FastifyReply, template: string, context: RenderContext, errors?: FormErrors) {
    const districts = (await reference.districts()).map((d) => ({
      value: d.code,
      text: d.name,
      hint: { text: `${d.quadrant_name} quadrant` },
    }));
    return reply.render(`${V}/${template}`, { districts, ...context, errors }, errors ? 400 : 200);
  }
  const asList = (values: Record<string, unknown>) => ({
    ...values,
    districts:
      values.districts === undefined ? [] : Array.isArray(values.districts) ? values.districts : [values.districts],
  });

  app.get('/admin/organisations', { config: { access: { action: 'organisation:list' } } }, async (_request, reply) =>
    reply.render(`${V}/organisations.njk`, {
      pageTitle: 'Organisations',
      organisations: await reference.organisations(),
    }),
  );

  app.get(
    '/admin/organisations/new',
    { config: { access: { action: 'organisation:manage' } } },
    async (_request, reply) =>
      organisationForm(reply, 'organisation-new.njk', { pageTitle: 'Add an organisation', values: {} }),
  );

  app.post(
    '/admin/organisations/new',
    { config: { access: { action: 'organisation:manage' }, once: true } },
    async (request, reply) => {
      const page = { pageTitle: 'Add an organisation' };
      const form = parseForm(organisationSchema, request.body);
      if (!form.ok)
        return organisationForm(reply, 'organisation-new.njk', { ...page, values: form.values }, form.errors);
      const types = await reference.organisationTypes();
      if (!types.some((t) => t.code === form.data.typeCode)) {
        return organisationForm(
          reply,
          'organisation-new.njk',
          { ...page, values: form.values },
          formError('typeCode', 'Select the type of organisation'),
        );
      }
      try {
        const id = await reference.createOrganisation(actorOf(request), form.data);
        request.session.flash = `${form.data.name} has been added.`;
        return reply.redirect(`/admin/organisations/${id}`, 303);
      } catch (error) {
        if (!(error instanceof DuplicateError)) throw error;
        return organisationForm(
          reply,
          'organisation-new.njk',
          { ...page, values: form.values },
          duplicateMessage('an organisation', error),
        );
      }
    },
  );

  app.get(
    '/admin/organisations/:id',
    { config: { access: { action: 'organisation:list' } } },
    async (request, reply) => {
      const organisation = await loadOrganisation(request);
      return reply.render(`${V}/organisation.njk`, { pageTitle: organisation.name, organisation });
    },
  );

  app.get(
    '/admin/organisations/:id/edit',
    { config: { access: { action: 'organisation:manage' } } },
    async (request, reply) => {
      const organisation = await loadOrganisation(request);
      const values = {
        name: organisation.name,
        typeCode: organisation.type_code,
        isActive: organisation.is_active ? 'yes' : 'no',
        version: organisation.version,
      };
      return organisationForm(reply, 'organisation-edit.njk', {
        pageTitle: `Change ${organisation.name}`,
        organisation,
        values,
      });
    },
  );

  app.post(
    '/admin/organisations/:id/edit',
    { config: { access: { action: 'organisation:manage' } } },
    async (request, reply) => {
      const organisation = await loadOrganisation(request);
      const page = { pageTitle: `Change ${organisation.name}`, organisation };
      const form = parseForm(organisationEditSchema, request.body);
      if (!form.ok)
        return organisationForm(reply, 'organisation-edit.njk', { ...page, values: form.values }, form.errors);
      try {
        await reference.updateOrganisation(actorOf(request), organisation.id, form.data.version, form.data);
      } catch (error) {
        if (error instanceof StaleVersionError) {
          const fresh = (await reference.organisation(organisation.id))!;
          const values = {
            name: fresh.name,
            typeCode: fresh.type_code,
            isActive: fresh.is_active ? 'yes' : 'no',
            version: fresh.version,
          };
          return organisationForm(reply, 'organisation-edit.njk', { ...page, values }, staleMessage('organisation'));
        }
        if (!(error instanceof DuplicateError)) throw error;
        return organisationForm(
          reply,
          'organisation-edit.njk',
          { ...page, values: form.values },
          duplicateMessage('an organisation', error),
        );
      }
      request.session.flash = 'The organisation has been updated.';
      return reply.redirect(`/admin/organisations/${organisation.id}`, 303);
    },
  );

  app.get(
    '/admin/organisations/:id/teams/new',
    { config: { access: { action: 'team:manage' } } },
    async (request, reply) => {
      const organisation = await loadOrganisation(request);
      return teamForm(reply, 'team-new.njk', { pageTitle: 'Add a team', organisation, values: { districts: [] } });
    },
  );

  app.post(
    '/admin/organisations/:id/teams/new',
    { config: { access: { action: 'team:manage' }, once: true } },
    async (request, reply) => {
      const organisation = await loadOrganisation(request);
      const page = { pageTitle: 'Add a team', organisation };
      const form = parseForm(teamSchema, request.body);
      if (!form.ok) return teamForm(reply, 'team-new.njk', { ...page, values: asList(form.values) }, form.errors);
      try {
        await reference.createTeam(actorOf(request), organisation.id, form.data);
      } catch (error) {
        if (!(error instanceof DuplicateError)) throw error;
        return teamForm(
          reply,
          'team-new.njk',
          { ...page, values: asList(form.values) },
          duplicateMessage('a team', error),
        );
      }
      request.session.flash = `${form.data.name} has been added.`;
      return reply.redirect(`/admin/organisations/${organisation.id}`, 303);
    },
  );

  app.get('/admin/teams/:id/edit', { config: { access: { action: 'team:manage' } } }, async (request, reply) => {
    const { team, organisation } = await loadTeam(request);
    const values = {
      name: team.name,
      districts: team.districts,
      isActive: team.is_active ? 'yes' : 'no',
      version: team.version,
    };
    return teamForm(reply, 'team-edit.njk', { pageTitle: `Change ${team.name}`, team, organisation, values });
  });

  app.post('/admin/teams/:id/edit', { config: { access: { action: 'team:manage' } } }, async (request, reply) => {
    const { team, organisation } = await loadTeam(request);
    const page = { pageTitle: `Change ${team.name}`, team, organisation };
    const form = parseForm(teamEditSchema, request.body);
    if (!form.ok) return teamForm(reply, 'team-edit.njk', { ...page, values: asList(form.values) }, form.errors);
    try {
      await reference.updateTeam(actorOf(request), team.id, form.data.version, form.data);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        const fresh = (await reference.team(team.id))!;
        const values = {
          name: fresh.name,
          districts: fresh.districts,
          isActive: fresh.is_active ? 'yes' : 'no',
          version: fresh.version,
        };
        return teamForm(reply, 'team-edit.njk', { ...page, values }, staleMessage('team'));
      }
      if (!(error instanceof DuplicateError)) throw error;
      return teamForm(
        reply,
        'team-edit.njk',
        { ...page, values: asList(form.values) },
        duplicateMessage('a team', error),
      );
    }
    request.session.flash = 'The team has been updated.';
    return reply.redirect(`/admin/organisations/${organisation.id}`, 303);
  });
}
