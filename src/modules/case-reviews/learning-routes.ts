import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import type { FormErrors } from '../../platform/views/forms.ts';
import { actionRows, dayText } from './present.ts';
import { LEARNING, MANAGE, V, found, radios, submit, type Values } from './route-helpers.ts';
import { checkSchema, evidenceSchema } from './schemas.ts';
import type { CaseReviewService } from './service.ts';

/**
 * Learning actions (issue 16): the list (everything for the Board manager and the partners' leads, an agency's own for
 * its lead; the overdue ones for the CSPR Sub-Committee), one action's page, the agency's evidence and the check.
 * These pages show the review's reference, never the child.
 */
export async function learningRoutes(app: FastifyInstance, { caseReviews }: { caseReviews: CaseReviewService }) {
  app.get('/case-reviews/learning', { config: { access: LEARNING } }, async (request, reply) => {
    const user = currentUser(request);
    const overdue = (request.query as { show?: string }).show === 'overdue';
    const today = todayInLondon();
    const [actions, standing] = await Promise.all([
      caseReviews.learning.list(user, { overdue, today }),
      caseReviews.standing(user),
    ]);
    return reply.render(`${V}/learning.njk`, {
      pageTitle: overdue ? 'Overdue learning actions' : 'Learning actions',
      overdue,
      all: standing.manages || standing.partner !== null,
      reviewers: standing.manages || standing.partner !== null,
      actions: actionRows(actions, today),
    });
  });

  async function actionPage(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const user = currentUser(request);
    const action = found(await caseReviews.learning.view(actorOf(request), user, uuidParam(request)));
    const standing = await caseReviews.standing(user);
    const today = todayInLondon();
    const [row] = actionRows([action], today);
    return reply.render(
      `${V}/action.njk`,
      {
        pageTitle: `Learning action for ${action.organisation_name}`,
        action: {
          ...row,
          evidenceWhen: action.evidence_at ? dayText(action.evidence_at.toISOString().slice(0, 10)) : '',
        },
        reviewers: standing.manages || standing.partner !== null,
        canRespond:
          standing.respondsFor === action.organisation_id && (action.status === 'open' || action.status === 'returned'),
        canCheck: standing.manages && action.status === 'evidence',
        decisionItems: radios(
          [
            { code: 'accept', name: 'Accept: the evidence shows practice has changed' },
            { code: 'return', name: 'Return it: ask the agency for more' },
          ],
          values.decision,
        ),
        values: { evidence: action.status === 'returned' ? action.evidence : '', ...values },
        errors,
      },
      errors ? 400 : 200,
    );
  }
  app.get('/case-reviews/learning/:id', { config: { access: LEARNING } }, (request, reply) =>
    actionPage(request, reply, {}),
  );
  app.post(
    '/case-reviews/learning/:id/evidence',
    { config: { access: { action: 'assurance:respond' } } },
    (request, reply) =>
      submit(
        request,
        reply,
        { schema: evidenceSchema, fields: ['evidence'], draw: actionPage },
        (data) => caseReviews.learning.evidence(actorOf(request), currentUser(request), uuidParam(request), data),
        {
          flash: 'Your evidence is sent: the Board manager will check it for the multi-agency group.',
          to: `/case-reviews/learning/${uuidParam(request)}`,
        },
      ),
  );
  app.post('/case-reviews/learning/:id/check', { config: { access: MANAGE } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: checkSchema, fields: ['decision', 'note'], draw: actionPage },
      (data) => caseReviews.learning.check(actorOf(request), currentUser(request), uuidParam(request), data),
      { flash: 'The check is recorded.', to: `/case-reviews/learning/${uuidParam(request)}` },
    ),
  );
}
