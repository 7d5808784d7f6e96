import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './errors.ts';

/**
 * The one input-cleaning step every request goes through (issue 11, item 8). PostgreSQL refuses a NUL
 * character in text and a lone UTF-16 surrogate cannot be encoded at all: either, stored or searched for,
 * was a 500. They have no place in anything a person types, so they are refused at the edge, before
 * validation, CSRF and access checks, with a 400 and a GOV.UK message (a JSON problem under /api/).
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding the NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string holds a character Hearth refuses to store (NUL, invalid Unicode). */
export const isUnstorable = (text: string) => UNSTORABLE.test(text);

/** The path ('children[0].first_name') of the first unstorable string or key in a parsed value, else null. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isUnstorable(value) ? path || '(the value)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key;
      if (isUnstorable(key)) return itemPath;
      const found = findUnstorableText(item, itemPath);
      if (found !== null) return found;
    }
  }
  return null;
}

export const unstorableInput = () =>
  new HttpProblem(
    400,
    'What you sent contains characters Hearth cannot accept',
    'Some of the text has an invisible or broken character in it, often from copying and pasting. ' +
      'Go back, retype the text or paste it as plain text, then try again. Nothing was saved.',
  );

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'items': the route checks its body item by item (a batch API where one bad item must not lose the
     * others; use findUnstorableText per item). The query and parameters are checked all the same.
     */
    bodyTextChecked?: 'items';
  }
}

function check(request: FastifyRequest) {
  const parts: unknown[] = [request.params, request.query];
  if (request.routeOptions.config?.bodyTextChecked !== 'items') parts.push(request.body);
  for (const part of parts) {
    const found = findUnstorableText(part);
    if (found !== null) {
      request.log.info({ field: found }, 'unstorable characters refused');
      throw unstorableInput();
    }
  }
}

/** Registered once on the root instance: runs for every route, after the body is parsed. */
export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => check(request));
}
