import { KEPT_COOKIE } from '../http/kept-form-hooks.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { can, type SystemAction } from '../permissions/policy.ts';
import type { RenderContext } from '../http/types.ts';
import { remainingSeconds } from '../auth/current-user.ts';
import { renderWithKeptForm } from '../http/kept-form-hooks.ts';

export interface NavigationItem {
  href: string;
  text: string;
  /** Shown only to users the policy allows this action. */
  requires?: SystemAction;
  /** Shown only to users the policy allows at least one of these actions (a section such as Admin). */
  requiresAny?: SystemAction[];
  signedIn?: boolean;
  /** Shown to everyone, signed in or not (the default for an item with neither of the above). */
  public?: boolean;
}

export interface RenderOptions {
  serviceName: string;
  tenantName: string;
  /** The area as a family names it ("Essex"), from the tenant file. */
  areaName: string;
  navigation: NavigationItem[];
  /** The idle timeout and how long before it the warning shows (config.session). */
  session?: { idleMinutes: number; warningSeconds: number };
}

/** "2 minutes", "1 minute", "45 seconds": how the timeout warning says the time left. */
export function timeLeftInWords(seconds: number): string {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * reply.render(template, context): renders a page inside the layout with what every page needs
 * (the user, a CSRF token, navigation the user is allowed to see, a one-time flash message).
 */
export function registerRender(app: FastifyInstance, env: nunjucks.Environment, options: RenderOptions) {
  app.decorateReply(
    'render',
    function render(this: FastifyReply, template: string, context: RenderContext, statusCode = 200) {
      const request = this.request;
      const full = { ...commonContext(request, this, options), ...context };
      // Back on a form after signing in again: drawn once with what was typed before the session expired.
      const kept = statusCode === 200 ? request.keptForm : undefined;
      request.keptForm = undefined;
      if (kept) {
        // Used up (kept-form-hooks.ts takes it as the answer is sent); this browser's cookie goes with it.
        request.keptFormDrawn = true;
        void this.clearCookie(KEPT_COOKIE, { path: '/' });
      }
      const html = kept ? renderWithKeptForm((c) => env.render(template, c), full, kept) : env.render(template, full);
      return this.code(statusCode).type('text/html; charset=utf-8').send(html);
    },
  );
}

function commonContext(request: FastifyRequest, reply: FastifyReply, options: RenderOptions) {
  const user = request.user;
  const path = request.url.split('?')[0] ?? '/';
  const flash = request.session?.flash;
  if (flash) request.session.flash = undefined;
  const navigation = options.navigation
    .filter((item) => item.public || (item.signedIn || item.requires || item.requiresAny ? user !== null : true))
    .filter((item) => !item.requires || can(user, item.requires).allowed)
    .filter((item) => !item.requiresAny || item.requiresAny.some((action) => can(user, action).allowed))
    .map((item) => ({
      href: item.href,
      text: item.text,
      active: item.href === '/' ? path === '/' : path.startsWith(item.href),
    }));
  return {
    serviceName: options.serviceName,
    tenantName: options.tenantName,
    areaName: options.areaName,
    user,
    navigation,
    flash,
    /** For templates: show a link or button only when the policy would allow the action. */
    allowed: (action: SystemAction) => can(user, action).allowed,
    // A function, so a session (and its CSRF secret) is only created for pages that have a form.
    csrfToken: () => reply.generateCsrf(),
    sessionTimeout:
      user && options.session
        ? {
            remainingSeconds: remainingSeconds(request, options.session.idleMinutes),
            warningSeconds: options.session.warningSeconds,
            warningText: timeLeftInWords(options.session.warningSeconds),
          }
        : null,
  };
}
