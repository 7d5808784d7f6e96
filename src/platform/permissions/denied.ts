/**
 * A service's refusal: the user may not do this. Modules' own refusals (EarlyHelpDenied, FamilySolutionsDenied…)
 * extend it. The service audits the refusal before throwing (`permission.denied`), and the one error handler
 * (platform/http/errors.ts) shows it as the 403 page, or a JSON 403 under /api/, so routes never catch it.
 * The message is shown to the user: say what they cannot do, never what the record holds.
 */
export class AccessDenied extends Error {
  override name = 'AccessDenied';
}
