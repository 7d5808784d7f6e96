import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { TENANTS_DIR } from '../reference/index.ts';

/**
 * Search synonyms from config/tenants/<tenant>.search-synonyms.csv: one group of words or phrases
 * that mean the same to a family per row ("autism", "ASD", "autistic", "SEND"…). A search that
 * uses one of them also finds services that use another. Lines starting with # are comments.
 */
export type SynonymGroups = readonly (readonly string[])[];

const MAX_ALTERNATIVES = 12;
const tidy = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ');

/** The tenant's synonym groups; none when the tenant has no file. */
export async function readSynonyms(tenant: string, dir = TENANTS_DIR): Promise<SynonymGroups> {
  let raw: string;
  try {
    raw = await readFile(`${dir}${tenant}.search-synonyms.csv`, 'utf8');
  } catch {
    return [];
  }
  return parseSynonyms(raw);
}

export function parseSynonyms(text: string): SynonymGroups {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, comment: '#', bom: true }) as string[][];
  return rows.map((row) => [...new Set(row.map(tidy).filter(Boolean))]).filter((group) => group.length > 1);
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The search words with each synonym they contain swapped for the others in its group (whole words
 * only, any case): "autism support" gives "asd support", "send support"… Searches in websearch syntax
 * (quotes, minus) are taken as typed, so get none.
 */
export function alternativeWords(words: string, groups: SynonymGroups): string[] {
  if (/["]|(^|\s)-\S/.test(words)) return [];
  const typed = tidy(words);
  const found = new Set<string>();
  for (const group of groups) {
    for (const term of group) {
      const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(term)}(?=$|[^\\p{L}\\p{N}])`, 'u');
      if (!pattern.test(typed)) continue;
      for (const other of group)
        if (other !== term) found.add(typed.replace(pattern, (_, before: string) => `${before}${other}`));
    }
  }
  found.delete(typed);
  return [...found].slice(0, MAX_ALTERNATIVES);
}
