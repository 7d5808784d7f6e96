import { inflateSync } from 'node:zlib';

/**
 * Reading back what Hearth's PDFs say, for tests: the page streams are inflated (pdfkit compresses
 * them with Flate) and the strings of each text-showing operator decoded through the embedded fonts'
 * ToUnicode maps (or the standard fonts' WinAnsi encoding). Enough for pdfkit's own output, not a general
 * PDF parser.
 */

const WIN_ANSI_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = (bytes: number[]) =>
  bytes.map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_HIGH[b - 0x80] : String.fromCharCode(b))).join('');

/** Every content stream of the PDF, inflated where it was compressed, as Latin-1 text. */
export function pdfStreams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const match of raw.matchAll(/<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    const body = pdf.subarray(start, end);
    streams.push(/\/FlateDecode/.test(match[1]!) ? inflateSync(body).toString('latin1') : body.toString('latin1'));
  }
  return streams;
}

interface PdfObject {
  dict: string;
  stream?: string;
}

/** Every numbered object: its dictionary and, for a stream, its (inflated) contents. */
export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const streamAt = /stream\r?\n/.exec(body);
    if (!streamAt || !/>>\s*$/.test(body.slice(0, streamAt.index))) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt.index);
    const start = match.index + match[0].indexOf(body) + streamAt.index + streamAt[0].length;
    const end = raw.indexOf('endstream', start);
    const data = pdf.subarray(start, end);
    const stream = /\/FlateDecode/.test(dict) ? inflateSync(data).toString('latin1') : data.toString('latin1');
    objects.set(Number(match[1]), { dict, stream });
  }
  return objects;
}

/** A ToUnicode CMap as glyph code → text (bfchar and bfrange, with or without arrays). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const text = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(parseInt(m[1]!, 16), text(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const [lo, hi] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16)];
      if (m[3]!.startsWith('[')) {
        // An empty entry (<>) is a glyph with no text of its own, such as a mark placed on a letter.
        [...m[3]!.matchAll(/<([0-9a-fA-F]*)>/g)].forEach((d, i) => map.set(lo + i, text(d[1]!)));
      } else {
        const first = parseInt(m[3]!.slice(1, -1), 16);
        for (let code = lo; code <= hi; code++) map.set(code, String.fromCodePoint(first + code - lo));
      }
    }
  }
  return map;
}

/**
 * The text the PDF shows, one line per text operator, in the order it is drawn. Embedded fonts are read back
 * through their ToUnicode maps (two-byte glyph codes), the standard fonts through WinAnsi.
 */
export function pdfText(pdf: Buffer): string {
  const objects = pdfObjects(pdf);
  const fonts = new Map<string, Map<number, string> | null>();
  for (const { dict } of objects.values()) {
    for (const m of dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const ref = /\/ToUnicode\s+(\d+) 0 R/.exec(objects.get(Number(m[2]))?.dict ?? '')?.[1];
      const cmap = ref ? objects.get(Number(ref))?.stream : undefined;
      fonts.set(m[1]!, cmap ? toUnicode(cmap) : null);
    }
  }
  const lines: string[] = [];
  for (const stream of pdfStreams(pdf)) {
    let font: Map<number, string> | null = null;
    // One text object (BT … ET) per line or run pdfkit draws; a mark placed by the font (an Arabic hamza) is a
    // separate operator inside it, so the operators of one object make one line.
    for (const block of stream.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      let line = '';
      for (const op of block[1]!.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
        if (op[1]) {
          font = fonts.get(op[1]) ?? null;
          continue;
        }
        const hex = [...op[2]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!).join('');
        line += font
          ? (hex.match(/..../g) ?? []).map((code) => font!.get(parseInt(code, 16)) ?? '\ufffd').join('')
          : winAnsi(hex.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? []);
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}

/** The font sizes of every `Tf` operator in the page streams. */
export function pdfFontSizes(pdf: Buffer): number[] {
  return pdfStreams(pdf).flatMap((s) => [...s.matchAll(/\/F\d+\s+([\d.]+)\s+Tf/g)].map((m) => Number(m[1])));
}
