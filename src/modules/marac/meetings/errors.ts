/** A refused MARAC change the page explains (a case with open actions, a closed case, research already recorded). */
export class MaracRefused extends Error {
  override name = 'MaracRefused';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
