import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';
import type { AuditLog } from '../audit/audit.ts';
import { actorOf, safeReturnTo } from '../auth/guards.ts';
import { recordAccess, type RecordAccess } from '../break-glass/access.ts';
import type { BreakGlassService } from '../break-glass/service.ts';
import {
  can,
  type AgencyAnswerAction,
  type Involvement,
  type SystemAction,
  type ViewAction,
} from '../permissions/policy.ts';
import { forbidden, notFound } from './errors.ts';
import type { CurrentUser } from './types.ts';

/**
 * How a record route finds its record: the record's type as the audit trail names it, and a
 * function that reads the record's id from the request (a route parameter, usually) and says how
 * the signed-in user is involved with it. It answers null when there is no such record (404).
 * Modules make these (e.g. early help's `familyRecords.byEpisode`) and routes name them.
 */
export interface RecordLocator {
  readonly type: string;
  find(request: FastifyRequest, user: CurrentUser): Promise<LocatedRecord | null>;
}

export interface LocatedRecord {
  /** The id of the record whose access is decided (the family for an episode's page). */
  id: string;
  involvements: readonly Involvement[];
  /** A restricted record's "whom to ask" (the tenant's words), for someone who may not see it. */
  askAbout?: string;
}

/**
 * How an agency-answer route finds the answer (an agency's Section 11 return, its case audit findings): its type as the
 * audit trail names it, and the answer's id and the organisation that made it, or null when there is none (404).
 */
export interface AnswerLocator {
  readonly type: string;
  find(request: FastifyRequest): Promise<LocatedAnswer | null>;
}
export interface LocatedAnswer {
  id: string;
  organisationId: string;
}

/**
 * What a route needs before its handler runs. Every route declares one in `config.access`; one
 * hook (registerRouteAccess) enforces it, and the app refuses to start if a route has none.
 *
 * - `public`: anyone, signed in or not; the string says why (it is read in review and in the route list).
 * - `signedIn`: any signed-in user (their own account, the home page).
 * - `action`: a system action the policy must grant; `anyOf`: at least one of several.
 * - `record`: a child's or family's record, found by the locator: `record:view` goes through
 *   recordAccess() (the policy, break-glass and the audit trail); `record:edit` asks the policy and
 *   audits a refusal; `record:view-origin` is a view (audited the same way) that the policy also
 *   grants for how the work began (the request and the Hub's decision); `restricted:view` is a view of a restricted
 *   record (exploitation, MACE): refused, the user learns only that it exists and whom to ask, and break-glass
 *   (where the record's type offers it) also tells the MACE coordinators; `restricted:view-panel` is what a MACE panel
 *   holds: its members and whoever raised it, refused like a restricted record and never through break-glass;
 *   `restricted:view-marac` is a MARAC case: its MARAC and its referrer, refused the same way, never break-glass.
 *   `action` may add a system action the user must hold as well.
 * - `answer`: an agency's answer found by the locator, and `agency-answer:view` or `agency-answer:correct` that the
 *   policy decides on the organisation that made it; a refusal is audited (403).
 * - `token`: a JSON API authenticated by a bearer token in the route's own onRequest hook (named here).
 */
export type RouteAccess =
  | { readonly public: string }
  | { readonly signedIn: true }
  | { readonly action: SystemAction }
  | { readonly anyOf: readonly SystemAction[] }
  | {
      readonly record: RecordLocator;
      readonly can: 'record:view' | 'record:edit' | 'record:view-origin' | Exclude<ViewAction, 'record:view'>;
      readonly action?: SystemAction;
    }
  | { readonly answer: AnswerLocator; readonly can: AgencyAnswerAction }
  | { readonly token: string };

/** The record a record route's access was decided on, for its handler. */
export type DecidedRecord = LocatedRecord & { type: string; access: RecordAccess | null };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use this route; see RouteAccess. Required on every route. */
    access?: RouteAccess;
    /** JSON APIs authenticated by token rather than a session cookie skip CSRF checks. */
    csrf?: false;
  }
  interface FastifyRequest {
    /** Set by the route-access hook on record routes. */
    decidedRecord: DecidedRecord | null;
    /** Set by the route-access hook on agency-answer routes. */
    decidedAnswer: LocatedAnswer | null;
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  hasOnRequest: boolean;
  /** The route creates a record and refuses a repeated submission key (platform/http/once.ts). */
  once: boolean;
  /** The route checks its body's text item by item (input-guard.ts), after its access check. */
  itemsChecked: boolean;
}

export class UndeclaredRouteError extends Error {
  constructor(routes: DeclaredRoute[]) {
    super(
      `Every route declares its access (config.access); these do not: ${routes
        .map((r) => `${r.method} ${r.url}`)
        .join(', ')}`,
    );
  }
}

const methodsOf = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]).join(',');

function sendToSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'GET') request.session.returnTo = safeReturnTo(request.url);
  return reply.redirect('/sign-in', 303);
}

/**
 * Declared access, enforced in one place. Every route's `config.access` is checked by a
 * preHandler put first on the route itself (so it runs after the body is parsed and CSRF is
 * checked, before the route's own preHandlers and handler); a route without a declaration is
 * refused at start-up (onReady) and, should one slip through, at request time too.
 */
export function registerRouteAccess(
  app: FastifyInstance,
  { audit, breakGlass }: { audit: AuditLog; breakGlass: BreakGlassService },
): { routes: () => readonly DeclaredRoute[] } {
  const routes: RouteOptions[] = [];
  app.decorateRequest('decidedRecord', null);
  app.decorateRequest('decidedAnswer', null);

  async function denied(request: FastifyRequest, details: Record<string, unknown>): Promise<never> {
    await audit.record(actorOf(request), {
      action: 'permission.denied',
      outcome: 'denied',
      details: { path: request.routeOptions.url ?? null, ...details },
    });
    throw forbidden();
  }

  const enforce: preHandlerAsyncHookHandler = async function (request, reply) {
    const access = request.routeOptions.config.access;
    if (!access) throw forbidden();
    if ('public' in access || 'token' in access) return;
    const user = request.user;
    if (!user) return sendToSignIn(request, reply);
    if ('signedIn' in access) return;
    if ('anyOf' in access) {
      if (access.anyOf.some((action) => can(user, action).allowed)) return;
      return denied(request, { action: access.anyOf.join(' or '), reason: 'no role grants any of these' });
    }
    if ('answer' in access) {
      const answer = await access.answer.find(request);
      if (!answer) throw notFound();
      const decision = can(user, access.can, { type: 'agency-answer', ...answer });
      if (!decision.allowed) {
        await audit.record(actorOf(request), {
          action: 'permission.denied',
          outcome: 'denied',
          subjectType: access.answer.type,
          subjectId: answer.id,
          details: { path: request.routeOptions.url ?? null, action: access.can, reason: decision.reason },
        });
        throw forbidden();
      }
      request.decidedAnswer = answer;
      return;
    }
    if (!('record' in access)) {
      const decision = can(user, access.action);
      if (!decision.allowed) return denied(request, { action: access.action, reason: decision.reason });
      return;
    }
    if (access.action) {
      const decision = can(user, access.action);
      if (!decision.allowed) return denied(request, { action: access.action, reason: decision.reason });
    }
    const found = await access.record.find(request, user);
    if (!found) throw notFound();
    const target = { type: access.record.type, ...found };
    if (
      access.can === 'restricted:view' ||
      access.can === 'restricted:view-panel' ||
      access.can === 'restricted:view-marac'
    ) {
      const decision = await recordAccess(breakGlass, request, reply, target, access.can);
      if (!decision) return reply;
      request.decidedRecord = { ...target, access: decision };
      return;
    }
    if (access.can === 'record:view' || access.can === 'record:view-origin') {
      const decision = await recordAccess(breakGlass, request, reply, target);
      if (!decision) return reply;
      if (access.can === 'record:view-origin') {
        const origin = can(user, 'record:view-origin', { type: 'record', ...found, breakGlass: !!decision.grant });
        if (!origin.allowed) return denied(request, { action: access.can, reason: origin.reason });
      }
      request.decidedRecord = { ...target, access: decision };
      return;
    }
    const decision = can(user, 'record:edit', { type: 'record', id: found.id, involvements: found.involvements });
    if (!decision.allowed) {
      await audit.record(actorOf(request), {
        action: 'record.edit-denied',
        outcome: 'denied',
        subjectType: target.type,
        subjectId: target.id,
        details: { path: request.routeOptions.url ?? null, reason: decision.reason },
      });
      throw forbidden(
        'Only the lead professional or allocated worker can change this record. Ask them, or your manager.',
      );
    }
    request.decidedRecord = { ...target, access: null };
  };

  // Whether the route brought its own onRequest hook, read before plugins (compression) add theirs.
  const ownOnRequest = new WeakSet<RouteOptions>();
  app.addHook('onRoute', (route) => {
    routes.push(route);
    if (route.onRequest) ownOnRequest.add(route);
    const own = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
    // A HEAD route made from a GET route arrives with the GET's handlers, enforce included.
    if (!own.includes(enforce)) route.preHandler = [enforce, ...own];
  });

  const declared = (): DeclaredRoute[] =>
    routes.map((route) => ({
      method: methodsOf(route),
      url: route.url,
      access: route.config?.access,
      hasOnRequest: ownOnRequest.has(route),
      once: route.config?.once === true,
      itemsChecked: route.config?.bodyTextChecked === 'items',
    }));

  app.addHook('onReady', async () => {
    const missing = declared().filter((r) => !r.access || ('token' in r.access && !r.hasOnRequest));
    if (missing.length > 0) throw new UndeclaredRouteError(missing);
  });

  return { routes: declared };
}

/** The answer an agency-answer route's access was decided on (checked by the hook before the handler). */
export function decidedAnswer(request: FastifyRequest): LocatedAnswer {
  if (!request.decidedAnswer) throw forbidden();
  return request.decidedAnswer;
}

/** The decided record of a record route (its access was checked by the hook before the handler). */
export function decidedRecord(request: FastifyRequest): DecidedRecord {
  if (!request.decidedRecord) throw forbidden();
  return request.decidedRecord;
}
