import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NICKNAMES_FILE = fileURLToPath(new URL('../../../config/nicknames.csv', import.meta.url));

/**
 * Given names that belong together (William, Bill, Liam), from config/nicknames.csv: each name maps
 * to the groups it is in. Names are kept in the matcher's normalised form (see `nameKey`).
 */
export interface Nicknames {
  /** The group numbers a name is in; empty when the file does not know it. */
  groups(name: string): readonly number[];
  /** The formal name of the first group a name is in, or the name itself: one key for blocking. */
  canonical(name: string): string;
  /** Every name in a group, the formal one first. */
  members(group: number): readonly string[];
  /** Every name the file knows. */
  names(): readonly string[];
}

export function parseNicknames(text: string, key: (name: string) => string): Nicknames {
  const groupsOf = new Map<string, number[]>();
  const groupNames: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const names = line.split(',').map(key).filter(Boolean);
    if (!names.length) continue;
    const group = groupNames.push([...new Set(names)]) - 1;
    for (const name of new Set(names)) groupsOf.set(name, [...(groupsOf.get(name) ?? []), group]);
  }
  return {
    groups: (name) => groupsOf.get(name) ?? [],
    canonical: (name) => {
      const first = groupsOf.get(name)?.[0];
      return first === undefined ? name : groupNames[first]![0]!;
    },
    members: (group) => groupNames[group] ?? [],
    names: () => [...groupsOf.keys()],
  };
}

let loaded: Nicknames | undefined;

/** The shipped nickname file, read once. */
export function shippedNicknames(key: (name: string) => string): Nicknames {
  loaded ??= parseNicknames(readFileSync(NICKNAMES_FILE, 'utf8'), key);
  return loaded;
}
