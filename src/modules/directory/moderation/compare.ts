import { diffWords } from 'diff';
import { ACCESS_ROUTE_NAMES, type ServiceContent } from '../content.ts';
import { formatOpeningTimes } from '../opening-times.ts';
import { ageText, costText, deliveryText, joinWords } from '../present.ts';
import type { DirectoryOptions } from '../types.ts';

/**
 * The side-by-side comparison a moderator (or provider) reads: every field of an entry in words,
 * with the words that went marked on the left and the words that came marked on the right.
 */

export interface Part {
  text: string;
  /** 'removed' on the left, 'added' on the right; 'same' otherwise. */
  kind: 'same' | 'removed' | 'added';
}

export interface ComparisonRow {
  label: string;
  changed: boolean;
  before: Part[];
  after: Part[];
}

/** An entry's fields as the words a person reads, in the order the service page shows them. */
export function describe(content: ServiceContent, options: DirectoryOptions): [string, string][] {
  const named = <T extends { code: string; name: string }>(all: T[], codes: readonly string[]) =>
    all.filter((x) => codes.includes(x.code)).map((x) => x.name);
  return [
    ['Name', content.name],
    ['What it offers', content.description],
    [
      'Running',
      content.status === 'active' ? 'Yes' : content.status === 'inactive' ? 'No, it has stopped' : 'Temporarily closed',
    ],
    ['Helps with', joinWords(named(options.categories, content.categories))],
    [
      'Levels of need',
      joinWords(options.levels.filter((l) => content.levels.includes(l.level)).map((l) => `${l.level} ${l.name}`)),
    ],
    ['Ages', ageText(content.minimumAge, content.maximumAge)],
    ['Who it is for', content.eligibility ?? ''],
    ['Area', content.countywide ? 'The whole area' : joinWords(named(options.districts, content.districts))],
    ['How it is delivered', deliveryText(content.deliveryModes)],
    ['How families get it', ACCESS_ROUTE_NAMES[content.accessRoute]],
    ['How to get it', content.howToAccess ?? ''],
    ['Cost', costText(content.isFree, content.fees)],
    ['Website', content.url ?? ''],
    ['Email', content.email ?? ''],
    ['Languages', content.languages.join(', ')],
    ['Who can see it', content.professionalsOnly ? 'Signed-in professionals only' : 'Everyone'],
    [
      'Contacts',
      content.contacts.map((c) => [c.name, c.title, c.phone, c.email].filter(Boolean).join(', ')).join('\n'),
    ],
    [
      'Places',
      content.locations
        .map((l) =>
          [
            `${l.name}, ${l.address1}, ${l.city}, ${l.postcode}`,
            l.schedules.length ? `Open ${formatOpeningTimes(l.schedules)}` : '',
          ]
            .filter(Boolean)
            .join('. '),
        )
        .join('\n'),
    ],
  ];
}

/** Compares two versions field by field; `before` is null for a new service. */
export function compare(
  before: ServiceContent | null,
  after: ServiceContent,
  options: DirectoryOptions,
): ComparisonRow[] {
  const old = before ? describe(before, options) : undefined;
  return describe(after, options).map(([label, text], i) => {
    const was = old?.[i]?.[1] ?? '';
    if (was === text)
      return {
        label,
        changed: false,
        before: was ? [{ text: was, kind: 'same' }] : [],
        after: text ? [{ text, kind: 'same' }] : [],
      };
    const changes = diffWords(was, text);
    return {
      label,
      changed: true,
      before: changes.filter((c) => !c.added).map((c) => ({ text: c.value, kind: c.removed ? 'removed' : 'same' })),
      after: changes.filter((c) => !c.removed).map((c) => ({ text: c.value, kind: c.added ? 'added' : 'same' })),
    };
  });
}
