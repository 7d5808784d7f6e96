import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { londonDay, meetingSchema } from './schemas.ts';
import { meetingWhen } from './service.ts';
import { V, type Deps, type Values, problemOf, inFormOrder, MEETING_ORDER, asList, tafPages } from './routes-shared.ts';

/** The family's meetings, and scheduling one (or adding one that has already happened). */
export async function meetingRoutes(app: FastifyInstance, deps: Deps) {
  const { taf, earlyHelp } = deps;
  const { user, idOf, flash, access } = tafPages(deps);

  // ---- The family's meetings ----

  app.get(
    '/families/:id/meetings',
    { config: { access: { record: earlyHelp.families.byId, can: 'record:view' } } },
    async (request, reply) => {
      const familyId = decidedRecord(request).id;
      const granted = access(request);
      const record = (await taf.meetingsOf(user(request), familyId))!;
      const today = londonDay();
      return reply.render(`${V}/taf-meetings.njk`, {
        pageTitle: 'Team Around the Family meetings',
        ...record,
        emergencyAccess: granted.banner,
        upcoming: record.meetings.filter((m) => m.status === 'scheduled' && londonDay(m.starts_at) >= today).reverse(),
        past: record.meetings
          .filter((m) => !(m.status === 'scheduled' && londonDay(m.starts_at) >= today))
          .map((m) => ({ ...m, needsRecord: m.status === 'scheduled' })),
        when: meetingWhen,
      });
    },
  );

  // ---- Scheduling a meeting, or adding one that has already happened ----

  /** The episode and its family for a form, only for the family's editors while the episode is open. */
  async function openEpisodeForEdit(request: FastifyRequest) {
    const episode = (await earlyHelp.episodeRow(idOf(request)))!;
    const record = await earlyHelp.family(user(request), episode.family_id);
    if (!record) throw notFound();
    if (!record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can arrange its TAF meetings.');
    if (episode.status !== 'open') throw forbidden('This episode has been closed: nothing more can change.');
    return { ...record, episode: record.episodes.find((e) => e.id === episode.id)! };
  }

  for (const mode of ['upcoming', 'held'] as const) {
    const path =
      mode === 'upcoming' ? '/early-help/episodes/:id/meetings/new' : '/early-help/episodes/:id/meetings/past';
    const title = mode === 'upcoming' ? 'Schedule a TAF meeting' : 'Record a meeting that has already happened';
    const render = async (
      reply: FastifyReply,
      record: NonNullable<Awaited<ReturnType<typeof openEpisodeForEdit>>>,
      values: Values,
      errors?: FormErrors,
    ) => {
      const organiser = reply.request.user?.id;
      const { practitioners, partners, members } = await taf.inviteOptions(record.episode.id, record.family.id);
      const ticked = {
        practitioners: asList(values.practitioners),
        partners: asList(values.partners),
        familyMembers: asList(values.familyMembers),
      };
      return reply.render(
        `${V}/taf-schedule.njk`,
        {
          pageTitle: title,
          mode,
          ...record,
          values,
          errors,
          practitionerItems: practitioners
            .filter((p) => p.id !== organiser)
            .map((p) => ({
              value: p.id,
              text: `${p.display_name}, ${p.organisation_name}`,
              checked: ticked.practitioners.includes(p.id),
            })),
          partnerItems: partners.map((p) => ({
            value: p.id,
            text: `${p.name}, ${p.role}, ${p.organisation_name}`,
            checked: ticked.partners.includes(p.id),
          })),
          memberItems: members.map((m) => ({
            value: m.personId,
            text: `${m.name} (${RELATIONSHIP_NAMES[m.relationship].toLowerCase()})`,
            checked: ticked.familyMembers.includes(m.personId),
          })),
        },
        errors ? 400 : 200,
      );
    };
    app.get(
      path,
      { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
      async (request, reply) => {
        const record = await openEpisodeForEdit(request);
        return record ? render(reply, record, { where: '' }) : reply;
      },
    );
    app.post(
      path,
      { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' }, once: true } },
      async (request, reply) => {
        const record = await openEpisodeForEdit(request);
        if (!record) return reply;
        const form = parseForm(meetingSchema(mode, new Date()), request.body);
        if (!form.ok) return render(reply, record, form.values, inFormOrder(form.errors, MEETING_ORDER));
        try {
          const meetingId = await taf.schedule(actorOf(request), user(request), record.episode.id, mode, form.data);
          if (mode === 'held') return reply.redirect(`/early-help/meetings/${meetingId}/record`, 303);
          flash(
            request,
            `The meeting is scheduled for ${meetingWhen(form.data.startsAt)}. The practitioners invited have been emailed.`,
          );
          return reply.redirect(`/early-help/meetings/${meetingId}`, 303);
        } catch (error) {
          const problem = problemOf(error);
          if (!problem) throw error;
          return render(reply, record, form.values, inFormOrder(problem, MEETING_ORDER));
        }
      },
    );
  }
}
