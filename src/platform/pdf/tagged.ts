import PDFDocument from 'pdfkit';
import { hasRightToLeft, latinFont, needsArabicFont, registerFonts, writeText, type Weight } from './text.ts';

/**
 * A tagged, accessible PDF (lifted from the Early Help plan PDF, issue 7, for the performance reports, issue 14):
 * A4, PDF 1.7, en-GB, titled in the viewer's title bar; headings, paragraphs and tables in a structure tree a screen
 * reader follows; text is text (Noto Sans embedded and subset, text.ts), never an image; nothing under 12 points;
 * a footer on every page marked as an artifact, so it is not read out on every page.
 */

const FONT = latinFont('regular');
const BOLD = latinFont('bold');
export const PDF_SIZE = { body: 12, h1: 24, h2: 18, h3: 14, footer: 12 } as const;
const MARGIN = 56;
const FOOTER_SPACE = 36;
const TABLE_STYLE = { padding: 4, border: 0.75, borderColor: '#505a5f' };

type Struct = ReturnType<PDFKit.PDFDocument['struct']>;
/** pdfkit takes a structure parent for tables, which @types/pdfkit does not declare yet. */
type TaggedTableOptions = PDFKit.Mixins.TableOptionsWithData & { structParent: Struct };
export type PdfCell = { text: string; type?: 'TH' | 'TD'; font?: { src: string }; align?: 'center' | { x: 'right' } };

export interface TaggedPdf {
  doc: PDFKit.PDFDocument;
  /** A paragraph (or other structure type) in the body font, or bold. */
  text(words: string, options?: { bold?: boolean; size?: number; gap?: number; structType?: string }): void;
  /** A heading, kept with a few lines of what follows it. */
  heading(words: string, level: 'H1' | 'H2' | 'H3'): void;
  /** A table with a header row (TH cells), tagged under the document. */
  table(head: string[], rows: PdfCell[][], columnStyles?: (string | number)[]): void;
  /** Ends the structure, writes the footer on every page and gives the bytes. */
  finish(footer: (page: number, pages: number) => string): Promise<Buffer>;
}

/**
 * pdfkit's table draws each cell with doc.text in one font. While a table is drawn, a cell with Arabic letters is
 * written by writeText instead (two fonts, right to left); every other cell as pdfkit would.
 */
function withArabicCells(doc: PDFKit.PDFDocument, draw: () => void) {
  const plain = doc.text;
  const internals = doc as unknown as { _fontSource: unknown; _fontSize: number };
  const rich = function (this: PDFKit.PDFDocument, ...args: unknown[]) {
    const [words, x, y, options] = args as [unknown, unknown, unknown, { width?: number } | undefined];
    if (typeof words === 'string' && typeof x === 'number' && typeof y === 'number' && needsArabicFont(words)) {
      const [keepX, keepY] = [doc.x, doc.y];
      const weight: Weight = internals._fontSource === BOLD ? 'bold' : 'regular';
      doc.y = y;
      doc.text = plain;
      try {
        writeText(doc, words, { weight, size: internals._fontSize, x, width: options?.width ?? 1e6 });
      } finally {
        doc.text = rich;
      }
      [doc.x, doc.y] = [keepX, keepY];
      return doc;
    }
    return (plain as (...a: unknown[]) => PDFKit.PDFDocument).apply(this, args);
  } as typeof doc.text;
  doc.text = rich;
  try {
    draw();
  } finally {
    doc.text = plain;
  }
}

export function taggedPdf(options: {
  title: string;
  subject: string;
  /** Compress the page streams (the default). Tests may turn it off to read the text directly. */
  compress?: boolean;
  layout?: 'portrait' | 'landscape';
}): TaggedPdf {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    bufferPages: true,
    info: { Title: options.title, Subject: options.subject, Creator: 'Hearth' },
  });
  registerFonts(doc);
  doc.font(FONT);
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const text: TaggedPdf['text'] = (words, o = {}) => {
    const size = o.size ?? PDF_SIZE.body;
    doc.fillColor('#0b0c0c');
    // Right-to-left words are drawn in display order: the structure tree keeps them as written, for screen readers.
    const element = doc.struct(o.structType ?? 'P', hasRightToLeft(words) ? { actual: words } : {});
    root.add(element);
    const weight: Weight = o.bold ? 'bold' : 'regular';
    writeText(doc, words, { weight, size, x: MARGIN, width, bottom: bottom() }, (draw) => element.add(draw));
    element.end();
    doc.moveDown((o.gap ?? 6) / size);
  };
  const heading: TaggedPdf['heading'] = (words, level) => {
    const size = level === 'H1' ? PDF_SIZE.h1 : level === 'H2' ? PDF_SIZE.h2 : PDF_SIZE.h3;
    if (doc.y + size * 1.5 + PDF_SIZE.body * 4 > bottom()) doc.addPage();
    if (level !== 'H1') doc.moveDown(0.6);
    text(words, { bold: true, size, structType: level });
  };
  const table: TaggedPdf['table'] = (head, rows, columnStyles) => {
    doc.font(FONT).fontSize(PDF_SIZE.body);
    const data: PdfCell[][] = [head.map((h) => ({ text: h, type: 'TH', font: { src: BOLD } })), ...rows];
    const tableOptions: TaggedTableOptions = {
      data,
      structParent: root,
      position: { x: MARGIN },
      maxWidth: width,
      defaultStyle: TABLE_STYLE,
      ...(columnStyles ? { columnStyles } : {}),
    };
    withArabicCells(doc, () => doc.table(tableOptions));
    doc.x = MARGIN;
    doc.moveDown(0.8);
  };
  const finish: TaggedPdf['finish'] = (footer) => {
    root.end();
    const pages = doc.bufferedPageRange();
    for (let i = pages.start; i < pages.start + pages.count; i++) {
      doc.switchToPage(i);
      const keep = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.markContent('Artifact', { type: 'Pagination' });
      doc.fillColor('#505a5f');
      doc.y = doc.page.height - MARGIN - PDF_SIZE.footer;
      writeText(doc, footer(i + 1, pages.count), { weight: 'regular', size: PDF_SIZE.footer, x: MARGIN, width });
      doc.endMarkedContent();
      doc.page.margins.bottom = keep;
    }
    doc.end();
    return finished;
  };
  return { doc, text, heading, table, finish };
}
