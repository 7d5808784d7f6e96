import type { Principal } from '../permissions/policy.ts';
import type { FormErrors } from '../views/forms.ts';

/** The signed-in user, loaded once per request from the session. */
export interface CurrentUser extends Principal {
  email: string;
  displayName: string;
  organisationName: string;
}

export interface RenderContext {
  pageTitle: string;
  errors?: FormErrors;
  values?: Record<string, unknown>;
  [key: string]: unknown;
}

declare module 'fastify' {
  interface Session {
    userId?: string;
    /** Signed in with a password, two-factor step still to do. */
    pendingUserId?: string;
    /** A TOTP secret shown at enrolment, saved to the account once a code from it is entered. */
    enrolmentSecret?: string;
    /** Recovery codes to show once, straight after enrolment. */
    newRecoveryCodes?: string[];
    lastSeenAt?: number;
    signedInAt?: number;
    returnTo?: string;
    flash?: string;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
  }
  interface FastifyReply {
    render(template: string, context: RenderContext, statusCode?: number): FastifyReply;
  }
}
