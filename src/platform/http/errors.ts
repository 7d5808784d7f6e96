import { AccessDenied } from '../permissions/denied.ts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An error that means "tell the user this", with a status. Anything else is a 500. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = () =>
  new HttpProblem(
    404,
    'Page not found',
    'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.',
  );
export const forbidden = (message = 'You do not have permission to see this page.') =>
  new HttpProblem(403, 'You cannot see this page', message);

const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) return true;
  return (
    typeof message === 'string' &&
    /(PGlite is closed|Connection terminated|connect ECONNREFUSED|driver has already been destroyed|timeout exceeded when trying to connect)/i.test(
      message,
    )
  );
}

interface Problem {
  status: number;
  title: string;
  message: string;
}

function classify(error: FastifyError): Problem {
  if (error instanceof HttpProblem) return { status: error.statusCode, title: error.title, message: error.message };
  if (error instanceof AccessDenied) {
    const { title, message } = forbidden(error.message || undefined);
    return { status: 403, title, message };
  }
  switch (error.code) {
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return {
        status: 403,
        title: 'This form has expired',
        message: 'For your security, forms expire. Go back, reload the page and try again. Nothing was saved.',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        title: 'What you sent is too large',
        message: 'Go back and send less, for example shorter text. Nothing was saved.',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, title: 'That kind of content cannot be sent here', message: 'Use the form on the page.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, title: 'What you sent could not be read', message: 'Go back and try again.' };
  }
  if (error.statusCode === 429) {
    return {
      status: 429,
      title: 'Too many attempts',
      message: 'You have tried too many times in a short while. Wait a minute, then try again.',
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      title: 'Sorry, the service is unavailable',
      message: 'Hearth cannot reach its database. Nothing you sent was saved. Try again in a few minutes.',
    };
  }
  if (error.validation)
    return { status: 400, title: 'What you sent could not be read', message: 'Go back and try again.' };
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return {
      status: error.statusCode,
      title: 'Something was wrong with that request',
      message: 'Go back and try again.',
    };
  }
  return {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    message: 'Try again later. If you were sending something, it was not saved.',
  };
}

const wantsJson = (request: FastifyRequest) =>
  request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');

function send(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  if (wantsJson(request)) {
    return reply
      .code(problem.status)
      .type('application/json')
      .send({ status: problem.status, title: problem.title, detail: problem.message });
  }
  try {
    return reply.render(
      'views/templates/errors/problem.njk',
      { pageTitle: problem.title, problem, requestId: request.id },
      problem.status,
    );
  } catch {
    // The page itself failed (for example a template error): plain text, still no stack trace.
    return reply
      .code(problem.status)
      .type('text/plain; charset=utf-8')
      .send(`${problem.title}\n\n${problem.message}\n`);
  }
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = classify(error);
    // With the database unreachable the session cannot be saved either: do not try, or the
    // failed save would replace this page with a bare error.
    if (problem.status === 503) (request as { session?: unknown }).session = undefined;
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status: problem.status }, 'request refused');
    return send(request, reply, problem);
  });
}

/** Registered where the session and user hooks are, so a 404 page still shows who is signed in. */
export function registerNotFoundHandler(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) => {
    const { title, message } = notFound();
    return send(request, reply, { status: 404, title, message });
  });
}
