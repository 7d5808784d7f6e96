import PDFDocument from 'pdfkit';
import { formatDate } from './rules.ts';
import { hasRightToLeft, latinFont, needsArabicFont, registerFonts, writeText, type Weight } from './pdf-text.ts';
import type { PlanService } from './service.ts';

/**
 * The family's plan as a PDF to keep, download or email (issue 7). It says what the printable page
 * (views/plan-print.njk) says, in the same plain words, and both are made from the same record
 * (PlanService.forEpisode, through familyPlanContent), so the two never disagree.
 *
 * Accessibility: the PDF is tagged (headings, paragraphs and tables in a structure tree a screen
 * reader follows), its language is en-GB and its title shows in the viewer's title bar. Text is
 * text, never an image; nothing is smaller than 12 points; there is no script, form or link.
 * The footer on each page is marked as an artifact, so it is not read out on every page.
 */

/** The plan record as the plan pages have it, with its plan started. */
export type PlanRecord = Extract<NonNullable<Awaited<ReturnType<PlanService['forEpisode']>>>, { goals: unknown }>;

/** What the family's plan says, in the order and words of the printable page. Dates are already written out. */
export interface FamilyPlanContent {
  familyName: string;
  startedOn: string;
  nextReviewOn: string;
  goals: {
    number: number;
    description: string;
    startScore: number;
    /** The latest review's score; null before the first review (the page then says only where they started). */
    nowScore: number | null;
    actions: { what: string; who: string; byWhen: string; status: string }[];
  }[];
  /** "How far we have come": one row per occasion (the start, then each review), one score per goal. */
  scores: { when: string; scores: (number | null)[] }[];
  /** One sentence for each person who has agreed this version. */
  agreed: string[];
  everyoneAgreed: boolean;
  leadName: string | null;
  version: number;
}

/**
 * The plain-language content of the family's plan, from the record the plan pages load. Used by the
 * printable page and the PDF alike, so a rule such as "now we say" is written once.
 */
export function familyPlanContent(record: PlanRecord, statusNames: Record<string, string>): FamilyPlanContent {
  const lastReview = record.reviews.at(-1);
  return {
    familyName: record.family.name,
    startedOn: formatDate(record.plan.start_date),
    nextReviewOn: formatDate(record.plan.next_review_date),
    goals: record.goals.map((g, i) => ({
      number: i + 1,
      description: g.description,
      startScore: g.start_score,
      nowScore: lastReview ? (lastReview.scores[i] ?? g.start_score) : null,
      actions: g.actions.map((a) => ({
        what: a.description,
        who: a.who_name,
        byWhen: formatDate(a.due_date),
        status: statusNames[a.status] ?? a.status,
      })),
    })),
    scores: [
      { when: 'At the start', scores: record.goals.map((g) => g.start_score) },
      ...record.reviews.map((r) => ({ when: `${r.label}, ${formatDate(r.review_date)}`, scores: r.scores })),
    ],
    agreed: record.signers.flatMap((s) =>
      s.status.state === 'signed'
        ? [`${s.name} signed as “${s.status.signOff.typed_name}” on ${formatDate(s.status.signOff.signed_on)}`]
        : [],
    ),
    everyoneAgreed: record.agreedByAllAdults,
    leadName: record.episode.lead_name ?? null,
    version: record.plan.content_version,
  };
}

// ---- The PDF ----

// Noto Sans, embedded and subset (pdf-text.ts): every letter of a family's names, not only Western European ones.
const FONT = latinFont('regular');
const BOLD = latinFont('bold');
const SIZE = { body: 12, h1: 24, h2: 18, h3: 14, footer: 12 } as const;
const MARGIN = 56;
const FOOTER_SPACE = 36;
/** Score columns per table, so the numbers stay in readable columns however many goals there are. */
const GOALS_PER_TABLE = 5;
const TABLE_STYLE = { padding: 4, border: 0.75, borderColor: '#505a5f' };

type Struct = ReturnType<PDFKit.PDFDocument['struct']>;
/** pdfkit takes a structure parent for tables, which @types/pdfkit does not declare yet. */
type TaggedTableOptions = PDFKit.Mixins.TableOptionsWithData & { structParent: Struct };
type Cell = { text: string; type?: 'TH' | 'TD'; font?: { src: string }; align?: 'center' };

export interface PdfOptions {
  /** The day it was made ("printed on"), 'YYYY-MM-DD' in London. */
  today: string;
  /** Compress the page streams (the default). Tests may turn it off to read the text directly. */
  compress?: boolean;
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

/** The plan as PDF bytes. */
export function familyPlanPdf(content: FamilyPlanContent, options: PdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    bufferPages: true,
    info: { Title: `Our family plan: ${content.familyName}`, Subject: 'Early Help Plan', Creator: 'Hearth' },
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
  const text = (words: string, structType: string, font: string, size: number, gap = 6) => {
    doc.fillColor('#0b0c0c');
    const weight: Weight = font === BOLD ? 'bold' : 'regular';
    // Right-to-left words are drawn in display order: the structure tree keeps them as written, for screen readers.
    const element = doc.struct(structType, hasRightToLeft(words) ? { actual: words } : {});
    root.add(element);
    writeText(doc, words, { weight, size, x: MARGIN, width, bottom: bottom() }, (draw) => element.add(draw));
    element.end();
    doc.moveDown(gap / size);
  };
  const heading = (words: string, level: 'H1' | 'H2' | 'H3') => {
    const size = level === 'H1' ? SIZE.h1 : level === 'H2' ? SIZE.h2 : SIZE.h3;
    // Keep a heading with at least a few lines of what follows it.
    if (doc.y + size * 1.5 + SIZE.body * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    if (level !== 'H1') doc.moveDown(0.6);
    text(words, level, BOLD, size);
  };
  const table = (head: string[], rows: Cell[][], columnStyles?: (string | number)[]) => {
    doc.font(FONT).fontSize(SIZE.body);
    const data: Cell[][] = [head.map((h) => ({ text: h, type: 'TH', font: { src: BOLD } })), ...rows];
    const options: TaggedTableOptions = {
      data,
      structParent: root,
      position: { x: MARGIN },
      maxWidth: width,
      defaultStyle: TABLE_STYLE,
      ...(columnStyles ? { columnStyles } : {}),
    };
    withArabicCells(doc, () => doc.table(options));
    doc.x = MARGIN;
    doc.moveDown(0.8);
  };

  // The family's name and the day it was printed, then the plan in the printable page's order.
  text(content.familyName, 'P', BOLD, SIZE.h3, 2);
  heading('Our family plan', 'H1');
  text(`Printed on ${formatDate(options.today)}.`, 'P', FONT, SIZE.body);
  text(
    `We started this plan on ${content.startedOn}. We will look at it together again on ${content.nextReviewOn}.`,
    'P',
    FONT,
    SIZE.body,
  );

  heading('What we want to change', 'H2');
  if (!content.goals.length) text('There are no goals on the plan yet.', 'P', FONT, SIZE.body);
  for (const goal of content.goals) {
    heading(`${goal.number}. ${goal.description}`, 'H3');
    text(
      `At the start we said ${goal.startScore} out of 10.${goal.nowScore === null ? '' : ` Now we say ${goal.nowScore} out of 10.`}`,
      'P',
      FONT,
      SIZE.body,
    );
    if (goal.actions.length) {
      text('Who will do what, by when', 'P', BOLD, SIZE.body, 2);
      table(
        ['What', 'Who', 'By when', 'Done?'],
        goal.actions.map((a) => [{ text: a.what }, { text: a.who }, { text: a.byWhen }, { text: a.status }]),
        ['*', '*', 110, 64],
      );
    }
  }

  if (content.goals.length) {
    heading('How far we have come', 'H2');
    text('Our scores out of 10 for each goal, at the start and at each review.', 'P', FONT, SIZE.body);
    for (let first = 0; first < content.goals.length; first += GOALS_PER_TABLE) {
      const goals = content.goals.slice(first, first + GOALS_PER_TABLE);
      table(
        ['When', ...goals.map((g) => `Goal ${g.number}`)],
        content.scores.map((row) => [
          { text: row.when },
          ...goals.map((g) => ({ text: String(row.scores[g.number - 1] ?? '–'), align: 'center' as const })),
        ]),
        [170, ...goals.map(() => '*')],
      );
    }
  }

  heading('Who has agreed this plan', 'H2');
  for (const line of content.agreed) text(`• ${line}`, 'P', FONT, SIZE.body, 2);
  if (!content.agreed.length) text('Nobody has agreed this version of the plan yet.', 'P', FONT, SIZE.body);
  else if (!content.everyoneAgreed) text('Not everyone has agreed this version of the plan yet.', 'P', FONT, SIZE.body);

  heading('Your worker', 'H2');
  text(
    content.leadName
      ? `${content.leadName} is your lead professional. Talk to them if anything in this plan is wrong or needs to change.`
      : 'Talk to your lead professional if anything in this plan is wrong or needs to change.',
    'P',
    FONT,
    SIZE.body,
  );
  text(`Plan version ${content.version}.`, 'P', FONT, SIZE.body);
  root.end();

  // A footer on every page: whose plan, when it was printed, which page. An artifact, not content.
  const pages = doc.bufferedPageRange();
  for (let i = pages.start; i < pages.start + pages.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.fillColor('#505a5f');
    doc.y = doc.page.height - MARGIN - SIZE.footer;
    writeText(
      doc,
      `${content.familyName}: our family plan, printed on ${formatDate(options.today)}. Page ${i + 1} of ${pages.count}.`,
      { weight: 'regular', size: SIZE.footer, x: MARGIN, width },
    );
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return finished;
}
