import { currentUser } from '../../../platform/http/params.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import type { FormErrors } from '../../../platform/views/forms.ts';
import { ACCESS_ROUTES, ACCESS_ROUTE_NAMES, DELIVERY_MODES, DELIVERY_MODE_NAMES } from '../content.ts';
import { compare } from './compare.ts';
import { DirectoryAccessError, type ManagedService, type VersionState } from './service.ts';
import {
  groupCounts,
  MAX_CONTACTS,
  MAX_LOCATIONS,
  OPENING_TIMES_HINT,
  type ServiceFormValues,
} from './service-form.ts';
import type { DirectoryService } from '../service.ts';
import type { DirectoryOptions } from '../types.ts';

export const V = 'directory/moderation/views';
export const STATE_NAMES: Record<VersionState, string> = {
  pending: 'Waiting for a moderator',
  approved: 'Approved: live',
  superseded: 'Approved, since replaced',
  rejected: 'Not approved',
  withdrawn: 'Replaced by a later change before a decision',
};

export const decisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject'], 'Select whether to approve or reject the change'),
    reason: z.string().trim().max(1000, 'The reason must be 1,000 characters or fewer'),
    version: versionField(),
  })
  .refine((d) => d.decision === 'approve' || d.reason.length > 0, {
    path: ['reason'],
    message: 'Enter the reason, so the provider knows what to change',
  });
export const lockSchema = z.object({ version: versionField() });

/** What the provider and moderator pages share: the record's id, the service as the viewer may manage it, the forms. */
export function moderationPages(directory: DirectoryService) {
  const moderation = directory.moderation;

  const id = (request: FastifyRequest, name = 'id') => {
    const value = (request.params as Record<string, string>)[name];
    if (!value || !isUuid(value)) throw notFound();
    return value;
  };
  const user = currentUser;
  /** Loads a service as the viewer may manage it, or the right error page. */
  const managed = async (request: FastifyRequest): Promise<ManagedService> => {
    try {
      return await moderation.managedService(actorOf(request), user(request), id(request));
    } catch (error) {
      throw asHttp(error);
    }
  };

  async function renderForm(
    reply: FastifyReply,
    context: {
      pageTitle: string;
      action: string;
      service?: ManagedService;
      values: ServiceFormValues;
      errors?: FormErrors;
    },
  ) {
    const options = await directory.options();
    return reply.render(
      `${V}/provider-form.njk`,
      { ...context, ...formChoices(options, context.values), openingTimesHint: OPENING_TIMES_HINT },
      context.errors ? 400 : 200,
    );
  }

  async function renderVersion(
    reply: FastifyReply,
    review: NonNullable<Awaited<ReturnType<typeof moderation.versionReview>>>,
    backHref: string,
    decide: boolean,
    form: { values?: Record<string, unknown>; errors?: FormErrors } = {},
  ) {
    const rows = compare(review.before, review.proposed, await directory.options());
    return reply.render(
      `${V}/version.njk`,
      {
        pageTitle: `${review.proposed.name}: version ${review.version.number}`,
        review,
        rows,
        changedCount: rows.filter((r) => r.changed).length,
        backHref,
        historyHref: decide ? `/moderation/services/${review.service.id}` : `/provider/services/${review.service.id}`,
        stateNames: STATE_NAMES,
        decide: decide && review.version.state === 'pending',
        values: form.values ?? {},
        errors: form.errors,
      },
      form.errors ? 400 : 200,
    );
  }

  return { moderation, id, user, managed, renderForm, renderVersion };
}

/** "Add another place/contact" (no JavaScript needed): the same form, one more empty group, nothing checked yet. */
export function addAnother(values: ServiceFormValues): ServiceFormValues | null {
  const counts = groupCounts(values);
  if (values.action === 'add-location')
    return { ...values, locationCount: String(Math.min(counts.locations + 1, MAX_LOCATIONS)) };
  if (values.action === 'add-contact')
    return { ...values, contactCount: String(Math.min(counts.contacts + 1, MAX_CONTACTS)) };
  return null;
}

export function asHttp(error: unknown) {
  if (error instanceof DirectoryAccessError) return error.kind === 'not-found' ? notFound() : forbidden(error.message);
  return error;
}

/** The form's choices as GOV.UK component items, checked from the values. */
function formChoices(options: DirectoryOptions, values: ServiceFormValues) {
  const chosen = (name: string) => {
    const v = values[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const counts = groupCounts(values);
  return {
    categoryItems: options.categories.map((c) => ({
      value: c.code,
      text: c.name,
      checked: chosen('categories').includes(c.code),
    })),
    levelItems: options.levels.map((l) => ({
      value: String(l.level),
      text: `Level ${l.level}: ${l.name}`,
      checked: chosen('levels').includes(String(l.level)),
    })),
    districtItems: options.districts.map((d) => ({
      value: d.code,
      text: d.name,
      checked: chosen('districts').includes(d.code),
    })),
    deliveryItems: DELIVERY_MODES.map((m) => ({
      value: m,
      text: DELIVERY_MODE_NAMES[m],
      checked: chosen('deliveryModes').includes(m),
    })),
    accessItems: ACCESS_ROUTES.map((r) => ({
      value: r,
      text: ACCESS_ROUTE_NAMES[r],
      checked: values.accessRoute === r,
    })),
    locationNumbers: Array.from({ length: counts.locations }, (_, i) => i + 1),
    contactNumbers: Array.from({ length: counts.contacts }, (_, i) => i + 1),
  };
}
