/** PostgreSQL's unique_violation, the same code on PGlite and on a server. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** Thrown when an edit was based on a version someone else has since changed. */
export class StaleVersionError extends Error {
  constructor(what: string) {
    super(`${what} was changed by someone else after you opened it`);
  }
}
