import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { CaseReviewRefused } from './core.ts';
import { candidateItem, linkHistory, personText } from './present.ts';
import { MANAGE, V, asTyped, found, sorted, type Values } from './route-helpers.ts';
import { CHILD_LINK_FIELDS, childLinkSchema, childSearchSchema } from './schemas.ts';
import type { CaseReviewService } from './service.ts';

const STALE =
  'Someone changed who this child is linked to after you opened this page. Check the record linked now, then choose again.';

/**
 * "Find this child in Hearth" (/case-reviews/:id/child): the Board manager sees the record the referral's child is
 * linked to and the people Hearth holds who may be the child (by the referral's name, or another spelling searched
 * for), and links one, changes the link or removes it, with a reason. The Board manager only ('review:manage', the
 * action that guards every other change to a referral), declared on the route.
 */
export async function childRoutes(app: FastifyInstance, { caseReviews }: { caseReviews: CaseReviewService }) {
  async function page(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors, status = 400) {
    const id = uuidParam(request);
    const referral = found(await caseReviews.referral(id));
    const search = childSearchSchema.parse(errors ? values : (request.query ?? {}));
    const actor = actorOf(request);
    const { linked, candidates } = await caseReviews.child.choices(actor, currentUser(request), referral, search);
    const links = await caseReviews.child.history(id);
    const items: Record<string, unknown>[] = candidates.map((c) => candidateItem(c, values.personId));
    if (linked) {
      if (items.length) items.push({ divider: 'or' });
      items.push({
        value: 'none',
        text: 'None of these: remove the link',
        hint: { text: 'The referral keeps the child’s name as typed' },
        checked: values.personId === 'none',
        attributes: { 'data-qa': 'unlink' },
      });
    }
    const name = `${referral.child_first_name} ${referral.child_last_name}`;
    return reply.render(
      `${V}/child.njk`,
      {
        pageTitle: `Find ${name} in Hearth`,
        referral,
        name,
        linkedTo: linked ? personText(linked) : null,
        history: linkHistory({ referral, links, person: linked }),
        items,
        search,
        values,
        errors,
      },
      errors ? status : 200,
    );
  }

  app.get('/case-reviews/:id/child', { config: { access: MANAGE } }, (request, reply) => page(request, reply, {}));

  app.post('/case-reviews/:id/child', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const id = uuidParam(request);
    const typed = asTyped(request);
    const parsed = parseForm(childLinkSchema, request.body);
    if (!parsed.ok) return page(request, reply, typed, sorted(parsed.errors, CHILD_LINK_FIELDS));
    let saved: string | null;
    try {
      saved = await caseReviews.child.link(actorOf(request), currentUser(request), id, parsed.data);
    } catch (error) {
      if (error instanceof CaseReviewRefused)
        return page(request, reply, typed, combineErrors(formError(error.field, error.message)));
      // The form is drawn again with what is linked now: the reason typed is kept, the choice is made again.
      if (error instanceof StaleVersionError)
        return page(
          request,
          reply,
          { ...typed, personId: undefined, version: undefined },
          formError('personId', STALE),
          409,
        );
      throw error;
    }
    found(saved);
    request.session.flash =
      saved === 'none'
        ? 'The link is removed: the referral keeps the child’s name as typed.'
        : 'The referral is linked to the child’s record in Hearth.';
    return reply.redirect(`/case-reviews/${id}`, 303);
  });
}
