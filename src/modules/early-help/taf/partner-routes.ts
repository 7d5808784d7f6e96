import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { PARTNER_ORDER, partnerSchema } from './partner-schemas.ts';
import { meetingWhen } from './types.ts';
import { V, type Deps, type Values, problemOf, inFormOrder, asList, tafPages } from './routes-shared.ts';

/**
 * Practitioners in the family's Team Around the Family without a Hearth account (issue 17, item 11): adding one
 * (and inviting them to meetings still to come) and taking one out. Both are the family's record:edit, declared.
 * Nothing here is open to the practitioners themselves: they are not users and never sign in.
 */
export async function partnerRoutes(app: FastifyInstance, deps: Deps) {
  const { taf, earlyHelp } = deps;
  const { user, idOf, flash } = tafPages(deps);
  const edit = { record: earlyHelp.families.byEpisode, can: 'record:edit' } as const;

  /** The episode and its family for the form, only for the family's editors while the episode is open. */
  async function openEpisode(request: FastifyRequest) {
    const record = (await earlyHelp.episode(user(request), idOf(request)))!;
    if (!record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change its Team Around the Family.');
    if (record.episode.status !== 'open') throw forbidden('This episode has been closed: nothing more can change.');
    return { ...record, emergencyAccess: decidedRecord(request).access?.banner ?? null };
  }
  type Opened = Awaited<ReturnType<typeof openEpisode>>;

  async function render(reply: FastifyReply, record: Opened, values: Values, errors?: FormErrors) {
    const [{ meetings }, organisations] = await Promise.all([
      taf.partnerOptions(record.episode.id),
      taf.organisations(),
    ]);
    // Meetings still to come are ticked at first: a new member of the TAF is usually invited to them.
    const ticked = errors || 'meetings' in values ? asList(values.meetings) : meetings.map((m) => m.id);
    return reply.render(
      `${V}/taf-partner-new.njk`,
      {
        pageTitle: 'Add a practitioner who does not use Hearth',
        ...record,
        values,
        errors,
        organisationItems: [
          { value: '', text: 'Choose an organisation' },
          ...organisations.map((o) => ({ value: o.id, text: o.name, selected: values.organisationId === o.id })),
        ],
        meetingItems: meetings.map((m) => ({
          value: m.id,
          text: `${meetingWhen(m.starts_at)}, ${m.online ? 'online' : m.place}`,
          checked: ticked.includes(m.id),
        })),
      },
      errors ? 400 : 200,
    );
  }

  const path = '/early-help/episodes/:id/taf/partners/new';
  app.get(path, { config: { access: edit } }, async (request, reply) => render(reply, await openEpisode(request), {}));
  app.post(path, { config: { access: edit, once: true } }, async (request, reply) => {
    const record = await openEpisode(request);
    const form = parseForm(partnerSchema, request.body);
    if (!form.ok) return render(reply, record, form.values, inFormOrder(form.errors, PARTNER_ORDER));
    try {
      const added = await taf.addPartner(actorOf(request), user(request), record.episode.id, form.data);
      flash(
        request,
        added.invited.length
          ? `${added.name} is in the Team Around the Family and has been emailed an invitation to ${added.invited.map((m) => `the meeting on ${meetingWhen(m.starts_at)}`).join(' and ')}. They do not use Hearth, so they cannot see this family’s record.`
          : `${added.name} is in the Team Around the Family. They do not use Hearth, so they cannot see this family’s record: invite them when you schedule a meeting.`,
      );
      return reply.redirect(`/families/${record.family.id}`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return render(reply, record, form.values, inFormOrder(problem, PARTNER_ORDER));
    }
  });

  // ---- Taking one out ----

  const remove = { record: taf.families.byPartner, can: 'record:edit' } as const;
  async function openPartner(request: FastifyRequest) {
    const partner = (await taf.partner(idOf(request)))!;
    const record = (await earlyHelp.episode(user(request), partner.episode_id))!;
    if (!record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change its Team Around the Family.');
    if (partner.removed_at || record.episode.status !== 'open') {
      flash(
        request,
        partner.removed_at
          ? `${partner.name} is no longer in the Team Around the Family.`
          : 'This episode has been closed: nothing more can change.',
      );
      return { gone: true as const, record, partner };
    }
    return { gone: false as const, record, partner };
  }
  app.get('/early-help/taf-partners/:id/remove', { config: { access: remove } }, async (request, reply) => {
    const { gone, record, partner } = await openPartner(request);
    if (gone) return reply.redirect(`/families/${record.family.id}`, 303);
    const { meetings } = await taf.partnerOptions(record.episode.id);
    return reply.render(`${V}/taf-partner-remove.njk`, {
      pageTitle: `Take ${partner.name} out of the Team Around the Family`,
      ...record,
      partner,
      meetings: meetings.map((m) => meetingWhen(m.starts_at)),
    });
  });
  app.post('/early-help/taf-partners/:id/remove', { config: { access: remove } }, async (request, reply) => {
    const { gone, record, partner } = await openPartner(request);
    if (!gone) {
      try {
        await taf.removePartner(actorOf(request), user(request), partner.id);
        flash(request, `${partner.name} is no longer in the Team Around the Family.`);
      } catch (error) {
        if (!problemOf(error)) throw error;
        flash(request, `${partner.name} is no longer in the Team Around the Family.`);
      }
    }
    return reply.redirect(`/families/${record.family.id}`, 303);
  });

  // ---- For administrators: who was invited without an account, to create one ----

  app.get(
    '/admin/practitioners-without-accounts',
    { config: { access: { action: 'user:manage' } } },
    async (_request, reply) => {
      const rows = await taf.withoutAccounts();
      return reply.render(`${V}/taf-partners-admin.njk`, {
        pageTitle: 'Practitioners in a Team Around the Family without an account',
        rows: rows.map((r) => ({
          ...r,
          createHref: `/admin/users/new?${new URLSearchParams({
            displayName: r.name,
            email: r.email,
            ...(r.organisation_id ? { organisationId: r.organisation_id } : {}),
          }).toString()}`,
        })),
      });
    },
  );
}
