/** A decision the rules refuse, named by the field to correct. */
export class HubDecisionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
