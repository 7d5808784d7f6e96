import type { FastifyError, FastifyInstance } from 'fastify';

const CSRF_CODES = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

/**
 * A Request for Support can take a while to write, so an expired or forged form token gets a page
 * that says what was kept (the saved draft, or the family's answers if the session is still there)
 * and where to go back to, instead of the general "form has expired" page. Every other error goes
 * on to the app's error handler.
 */
export function registerFormExpiredPage(app: FastifyInstance, journey: 'practitioner' | 'family' = 'practitioner') {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!CSRF_CODES.has(error.code)) throw error;
    request.log.info({ code: error.code, status: 403 }, 'request refused');
    const draft = /^\/requests\/drafts\/([0-9a-f-]{36})/.exec(request.url)?.[1];
    const answersKept = journey === 'family' && Boolean(request.session?.familyRequest);
    return reply.render(
      'front-door/views/form-expired.njk',
      {
        pageTitle: 'This page has expired',
        journey,
        draftUrl: draft ? `/requests/drafts/${draft}` : '/requests',
        answersKept,
      },
      403,
    );
  });
}
