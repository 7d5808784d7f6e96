import type { Problem } from './rules.ts';

/** The request cannot be sent yet: these sections are missing or break a rule. */
export class RequestNotReadyError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.text).join('; '));
  }
}

/** The draft was saved from another tab or window since this page was opened. */
export class StaleDraftError extends Error {
  constructor() {
    super('This request was changed in another tab or window after you opened this page');
  }
}

/** The draft has been sent: it can no longer change. */
export class DraftSubmittedError extends Error {
  constructor(readonly requestId: string) {
    super('This request has already been sent');
  }
}

export interface Submitted {
  id: string;
  reference: string;
  /** False when this was a repeat (a double click, a retried POST) and the first request is returned. */
  created: boolean;
}

export interface Requester {
  userId: string;
  organisationId: string;
  name: string;
}
