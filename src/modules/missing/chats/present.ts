import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Selectable } from 'kysely';
import type { MissingChatsTable } from '../../../platform/db/schema/index.ts';
import { dateInputItems, dateInputValues } from '../../../platform/views/date-input.ts';
import type { FormErrors } from '../../../platform/views/forms.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { MissingChatsService } from './service.ts';
import { MISSING_WORDS } from '../schemas.ts';
import {
  CHAT_KINDS,
  CHOICES,
  HELD_HOW,
  OFFER_HOW,
  RAG_TAGS,
  STATUSES,
  STATUS_TAGS,
  type ChatChoice,
} from './schemas.ts';

type Values = Record<string, unknown>;
type Choice = { code: string; name: string };

/** The values as typed, one list per checkbox group (a single tick arrives as a string). */
const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];

/** Every word the chat pages and the due list use. */
export const CHAT_WORDS = {
  ...MISSING_WORDS,
  kinds: CHAT_KINDS,
  offerHow: OFFER_HOW,
  choices: CHOICES,
  heldHow: HELD_HOW,
  statuses: STATUSES,
  statusTags: STATUS_TAGS,
  ragTags: RAG_TAGS,
};

/** The choice the status keeps: a chat accepted or held was accepted; one merely offered has no answer yet. */
export function choiceOf(status: MissingChatsTable['status'] | string): ChatChoice | '' {
  if (status === 'accepted' || status === 'held') return 'accepted';
  if (status === 'declined' || status === 'not-now') return status;
  return '';
}

/** A saved chat as the form's values, to edit it again. */
export function chatValues(chat: Selectable<MissingChatsTable>) {
  const at = chat.offered_at ? new TZDate(chat.offered_at.getTime(), 'Europe/London') : null;
  return {
    version: chat.version,
    ...dateInputValues('offeredOn', at ? format(at, 'yyyy-MM-dd') : null),
    offeredTime: at ? format(at, 'HH:mm') : '',
    offeredHow: chat.offered_how ?? '',
    offeredTo: chat.offered_to ?? '',
    choice: choiceOf(chat.status),
    ...dateInputValues('offerAgainOn', chat.offer_again_on),
    ...dateInputValues('heldOn', chat.held_on),
    heldHow: chat.held_how ?? '',
    said: chat.said ?? '',
    pushFactors: chat.push_factors,
    pullFactors: chat.pull_factors,
    factorsOther: chat.factors_other ?? '',
    risks: chat.risks ?? '',
    actions: chat.actions ?? '',
    sharedWith: chat.shared_with,
    sharedWithOther: chat.shared_with_other ?? '',
  };
}

/** The radios, checkboxes and date inputs of the chat form, refilled from `values`. */
export function chatFormItems(
  values: Values,
  errors: FormErrors | undefined,
  lists: { pushFactors: Choice[]; pullFactors: Choice[]; partners: Choice[] },
) {
  const radios = (name: string, words: Record<string, string>) =>
    Object.entries(words).map(([value, text]) => ({ value, text, checked: values[name] === value }));
  const boxes = (name: string, list: Choice[]) => {
    const ticked = new Set(asList(values[name]));
    return list.map((c) => ({ value: c.code, text: c.name, checked: ticked.has(c.code) }));
  };
  const date = (name: string) => dateInputItems(name, values, Boolean(errors?.fields[`${name}-day`]));
  return {
    offeredOnItems: date('offeredOn'),
    offerAgainOnItems: date('offerAgainOn'),
    heldOnItems: date('heldOn'),
    offerHowItems: radios('offeredHow', OFFER_HOW),
    heldHowItems: radios('heldHow', HELD_HOW),
    pushItems: boxes('pushFactors', lists.pushFactors),
    pullItems: boxes('pullFactors', lists.pullFactors),
    partnerItems: boxes('sharedWith', lists.partners),
  };
}

/** Codes from the tenant's lists as their names, for the read-only summary. */
export const namesOf = (codes: readonly string[], list: Choice[]) =>
  codes.map((c) => list.find((i) => i.code === c)?.name ?? c);

/** What the episode page shows of its chats: each chat's status and link, and whether one may be started. */
export async function episodeChats(
  chats: MissingChatsService,
  user: Principal | null,
  episode: Parameters<MissingChatsService['forEpisode']>[0],
) {
  const { chats: rows, refusal } = await chats.forEpisode(episode);
  const canChat = can(user, 'missing:chat').allowed;
  const canSee = canChat || can(user, 'hub:screen').allowed;
  return {
    episodeChats: {
      rows: canSee ? rows : [],
      shown: canSee,
      canChat,
      refusal,
      // A returned child of the ages, whose chats were never made (returned before chats were kept).
      canStart: canChat && !refusal && rows.length < 2,
      missingKinds: (['child', 'parent'] as const).filter((k) => !rows.some((r) => r.kind === k)),
      words: CHAT_WORDS,
    },
  };
}
