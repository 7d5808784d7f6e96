import { inflateSync } from 'node:zlib';

/**
 * Reading back what Hearth's PDFs say, for tests: the page streams are inflated (pdfkit compresses
 * them with Flate) and the strings of each text-showing operator decoded from the standard fonts'
 * WinAnsi encoding. Enough for pdfkit's own output, not a general PDF parser.
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

/** The text the PDF shows, one line per text operator, in the order it is drawn. */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const stream of pdfStreams(pdf)) {
    for (const op of stream.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
      const hex = [...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!).join('');
      lines.push(winAnsi(hex.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? []));
    }
  }
  return lines.join('\n');
}

/** The font sizes of every `Tf` operator in the page streams. */
export function pdfFontSizes(pdf: Buffer): number[] {
  return pdfStreams(pdf).flatMap((s) => [...s.matchAll(/\/F\d+\s+([\d.]+)\s+Tf/g)].map((m) => Number(m[1])));
}
