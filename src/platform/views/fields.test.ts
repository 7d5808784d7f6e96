import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INTEGER_MAX, boundedText, oneOf, requiredText, versionField } from './fields.ts';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

async function sources(dir = SRC): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

/** The zod chain that starts at `start`: up to the first comma, semicolon or closing bracket at its own depth. */
function chainAt(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return text.slice(start, i);
      depth--;
    } else if ((c === ',' || c === ';') && depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

describe('number fields', () => {
  it('refuse a version of 2^31 or more, and anything not a whole number, with the reload message', () => {
    const version = versionField();
    expect(version.safeParse('7').data).toBe(7);
    for (const bad of [String(INTEGER_MAX + 1), '99999999999999999999', '1e400', '-1', '0', '1.5', 'x', '']) {
      const result = version.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message, bad).toBe('Reload the page and try again');
    }
  });

  it('every zod number in src/ has a maximum', async () => {
    const unbounded: string[] = [];
    for (const file of await sources()) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/z(?:\.coerce)?\.(?:number|int|bigint)\(/g)) {
        const chain = chainAt(text, m.index + m[0].length - 1).replace(/\s+/g, ' ');
        if (!/\.(max|lte|lt)\(/.test(chain)) {
          const line = text.slice(0, m.index).split('\n').length;
          unbounded.push(`${path.relative(SRC, file)}:${line}: ${m[0]}${chain.slice(1, 80)}`);
        }
      }
    }
    expect(unbounded).toEqual([]);
  });
});

describe('text fields', () => {
  it('trims, bounds and names the field in its message', () => {
    expect(boundedText(5, 'Summary').parse('  abc  ')).toBe('abc');
    expect(boundedText(5, 'Summary').safeParse('abcdef').error?.issues[0]?.message).toBe(
      'Summary must be 5 characters or fewer',
    );
    expect(boundedText(2000, 'Notes').safeParse('x'.repeat(2001)).error?.issues[0]?.message).toBe(
      'Notes must be 2,000 characters or fewer',
    );
  });

  it('refuses an empty required text with its own message, and a code not on the list', () => {
    expect(requiredText(10, 'Owner', 'Enter the owner').safeParse('   ').error?.issues[0]?.message).toBe(
      'Enter the owner',
    );
    expect(oneOf(['a', 'b'], 'Choose one').safeParse('c').error?.issues[0]?.message).toBe('Choose one');
    expect(oneOf(['a', 'b'], 'Choose one').parse('b')).toBe('b');
  });
});
