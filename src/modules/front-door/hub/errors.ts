import type { FieldProblem } from '../../../platform/views/forms.ts';

/** A decision the rules refuse, named by the field to correct. */
export class HubDecisionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A decision with several problems, all of them (decision-rules.ts): the first is the error's own field and message. */
export class HubDecisionProblems extends HubDecisionError {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems[0]?.field ?? 'level', problems[0]?.text ?? 'Check the decision');
  }
}
