import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import bidiModule, { type Bidi } from 'bidi-js';

/**
 * Text in the plan PDF in any of the alphabets families write their names in (issue 17, item 12).
 *
 * The PDF's built-in fonts know only Western European letters ("Łukasz" printed as "Lukasz"), so two fonts are
 * embedded, subset to the letters used: Noto Sans (Latin with every accent, Greek, Cyrillic) and Noto Sans Arabic,
 * both SIL Open Font Licence 1.1, from the npm packages @expo-google-fonts/noto-sans and
 * @expo-google-fonts/noto-sans-arabic (their LICENSE_FONT beside the TTF files).
 *
 * Arabic is written right to left and its letters join. The Unicode Bidirectional Algorithm (bidi-js) gives each
 * character its level; a paragraph is broken into lines in reading order, then each line is split into runs of one
 * level and one font and the runs put in display order (rule L2). An Arabic run is handed to fontkit in reading
 * order: fontkit shapes it (initial, medial, final forms, ligatures) and lays its glyphs right to left.
 * Not handled: mirrored brackets inside right-to-left text, and scripts neither font has (Hebrew, Chinese…),
 * which show as empty boxes; the structure tree's ActualText still reads the words as written.
 */

export type Weight = 'regular' | 'bold';

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string) =>
  readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file));

const FONT_NAMES = {
  regular: 'NotoSans',
  bold: 'NotoSans-Bold',
  arabic: 'NotoSansArabic',
  arabicBold: 'NotoSansArabic-Bold',
} as const;

let files: Record<string, Buffer> | undefined;

/** Registers the embedded fonts on a document (the files are read once per process). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  files ??= {
    [FONT_NAMES.regular]: fontFile('@expo-google-fonts/noto-sans', '400Regular/NotoSans_400Regular.ttf'),
    [FONT_NAMES.bold]: fontFile('@expo-google-fonts/noto-sans', '700Bold/NotoSans_700Bold.ttf'),
    [FONT_NAMES.arabic]: fontFile('@expo-google-fonts/noto-sans-arabic', '400Regular/NotoSansArabic_400Regular.ttf'),
    [FONT_NAMES.arabicBold]: fontFile('@expo-google-fonts/noto-sans-arabic', '700Bold/NotoSansArabic_700Bold.ttf'),
  };
  for (const [name, data] of Object.entries(files)) doc.registerFont(name, data);
}

export const latinFont = (weight: Weight) => (weight === 'bold' ? FONT_NAMES.bold : FONT_NAMES.regular);
const arabicFont = (weight: Weight) => (weight === 'bold' ? FONT_NAMES.arabicBold : FONT_NAMES.arabic);

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
const RIGHT_TO_LEFT_ALL = new RegExp(RIGHT_TO_LEFT.source, 'g');

/** True when the text has right-to-left letters, or letters the Latin font lacks. */
export const needsArabicFont = (text: string) => ARABIC.test(text);
export const hasRightToLeft = (text: string) => RIGHT_TO_LEFT.test(text);

// bidi-js is a UMD file whose module.exports is the factory; its types describe an ES default export.
const bidi = (bidiModule as unknown as () => Bidi)();

interface Run {
  text: string;
  level: number;
  font: string;
}

/** A paragraph's characters with their levels, ready to be broken into lines. */
interface Paragraph {
  text: string;
  levels: Uint8Array;
  rightToLeft: boolean;
}

/**
 * The plan is in English: a paragraph with any left-to-right letters reads left to right, whatever comes first
 * ("محمد الأحمد signed as …"); one with none (a goal written in Arabic) takes its direction from its letters.
 */
function paragraph(text: string): Paragraph {
  const { levels, paragraphs } = bidi.getEmbeddingLevels(
    text,
    /\p{L}/u.test(text.replace(RIGHT_TO_LEFT_ALL, '')) ? 'ltr' : 'auto',
  );
  return { text, levels, rightToLeft: (paragraphs[0]?.level ?? 0) % 2 === 1 };
}

/** Runs of one level and one font, in reading order, for text[start, end). */
function runsOf(p: Paragraph, start: number, end: number, weight: Weight): Run[] {
  const runs: Run[] = [];
  for (let i = start; i < end; i++) {
    const c = p.text[i]!;
    const level = p.levels[i]!;
    const font = ARABIC.test(c) || level % 2 === 1 ? arabicFont(weight) : latinFont(weight);
    const last = runs.at(-1);
    if (last && last.level === level && last.font === font) last.text += c;
    else runs.push({ text: c, level, font });
  }
  return runs;
}

/** Rule L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that level or above. */
function displayOrder(runs: Run[]): Run[] {
  const levels = runs.map((r) => r.level);
  const odd = levels.filter((l) => l % 2 === 1);
  if (!odd.length) return runs;
  const out = [...runs];
  for (let level = Math.max(...levels); level >= Math.min(...odd); level--) {
    for (let i = 0; i < out.length;) {
      if (out[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < out.length && out[j]!.level >= level) j++;
      out.splice(i, j - i, ...out.slice(i, j).reverse());
      i = j;
    }
  }
  return out;
}

/**
 * pdfkit lays text out word by word (its cache), keeping the words in reading order: a right-to-left run is
 * therefore drawn one word at a time, last word first, and fontkit shapes and reverses each word.
 */
const wordsInDisplayOrder = (run: Run): Run[] =>
  run.level % 2 === 1
    ? run.text
        .split(/(\s+)/)
        .filter(Boolean)
        .reverse()
        .map((text) => ({ ...run, text }))
    : [run];

export interface WriteOptions {
  weight: Weight;
  size: number;
  x: number;
  width: number;
  lineGap?: number;
  /** Where a page ends; the writer starts a new page (at its top margin) before a line that would cross it. */
  bottom?: number;
}

/** Measures runs with their own fonts (as shaped). */
function widthOf(doc: PDFKit.PDFDocument, runs: Run[], size: number): number {
  return runs.reduce((sum, run) => sum + doc.font(run.font).fontSize(size).widthOfString(run.text), 0);
}

/** Breaks a paragraph into lines [start, end) in reading order, at spaces, or inside a word too long for a line. */
function lines(doc: PDFKit.PDFDocument, p: Paragraph, o: WriteOptions): [number, number][] {
  const out: [number, number][] = [];
  const words = [...p.text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  let start = -1;
  let width = 0;
  const space = widthOf(doc, [{ text: ' ', level: 0, font: latinFont(o.weight) }], o.size);
  for (const [ws, we] of words) {
    const wordWidth = widthOf(doc, runsOf(p, ws, we, o.weight), o.size);
    if (start >= 0 && width + space + wordWidth <= o.width) {
      width += space + wordWidth;
      out[out.length - 1]![1] = we;
      continue;
    }
    if (wordWidth <= o.width) {
      out.push([ws, we]);
      start = ws;
      width = wordWidth;
      continue;
    }
    // A word longer than the line: cut it where it fills the line.
    let from = ws;
    while (from < we) {
      let to = from + 1;
      while (to < we && widthOf(doc, runsOf(p, from, to + 1, o.weight), o.size) <= o.width) to++;
      out.push([from, to]);
      width = widthOf(doc, runsOf(p, from, to, o.weight), o.size);
      from = to;
    }
    start = ws;
  }
  return out.length ? out : [[0, 0]];
}

/**
 * Writes text from the current y, wrapped to the width, in as many lines as it needs. Each line is drawn by
 * `mark` (so the caller can tag it); returns nothing, and leaves doc.y under the last line.
 */
export function writeText(
  doc: PDFKit.PDFDocument,
  text: string,
  o: WriteOptions,
  mark: (draw: () => void) => void = (draw) => draw(),
): void {
  const lineGap = o.lineGap ?? 2;
  doc.font(latinFont(o.weight)).fontSize(o.size);
  const lineHeight = doc.currentLineHeight(true) + lineGap;
  const ascent = (doc as unknown as { _font: { ascender: number } })._font.ascender / 1000;
  for (const piece of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').split('\n')) {
    const p = paragraph(piece);
    for (const [start, end] of lines(doc, p, o)) {
      if (o.bottom !== undefined && doc.y + lineHeight > o.bottom) doc.addPage();
      const y = doc.y;
      const runs = displayOrder(runsOf(p, start, end, o.weight)).flatMap(wordsInDisplayOrder);
      const width = widthOf(doc, runs, o.size);
      let x = p.rightToLeft ? o.x + o.width - width : o.x;
      mark(() => {
        for (const run of runs) {
          doc.font(run.font).fontSize(o.size);
          doc.text(run.text, x, y + ascent * o.size, { lineBreak: false, baseline: 'alphabetic' });
          x += doc.widthOfString(run.text);
        }
      });
      doc.x = o.x;
      doc.y = y + lineHeight;
    }
  }
}
