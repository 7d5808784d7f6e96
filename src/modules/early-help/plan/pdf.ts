import PDFDocument from 'pdfkit';
import { formatDate } from './rules.ts';
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

// ---- Text the standard PDF fonts can show ----

/** Characters outside Latin-1 that the standard fonts' WinAnsi encoding still has. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Letters that do not decompose into a base letter and an accent. */
const LOOKALIKE: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  ŧ: 't',
  Ŧ: 'T',
  ŉ: 'n',
  ĸ: 'k',
  ſ: 's',
};
const showable = (c: string) => {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || c === '\n' || WIN_ANSI_EXTRA.has(c);
};

/**
 * The text as the built-in PDF fonts can write it. They know only Western European letters
 * (Windows-1252); pdfkit writes anything else as a broken code, so letters with accents those fonts
 * lack lose the accent (Ś → S, Ł → L) and other characters become "?". The page on screen shows
 * names exactly; embedding a font with wider coverage would let the PDF do so too.
 */
export function pdfSafeText(text: string): string {
  let out = '';
  for (const c of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    if (showable(c)) out += c;
    else if (LOOKALIKE[c]) out += LOOKALIKE[c];
    else {
      const base = c.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every(showable) ? base : '?';
    }
  }
  return out;
}

// ---- The PDF ----

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
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
    font: FONT,
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - 2 * MARGIN;
  const text = (words: string, structType: string, font: string, size: number, gap = 6) => {
    doc.font(font).fontSize(size).fillColor('#0b0c0c');
    const safe = pdfSafeText(words);
    // Where a letter had to be simplified, a screen reader still reads the words as written.
    root.add(
      doc.struct(structType, safe === words ? {} : { actual: words }, () =>
        doc.text(safe, MARGIN, doc.y, { width, lineGap: 2 }),
      ),
    );
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
    const data: Cell[][] = [
      head.map((h) => ({ text: pdfSafeText(h), type: 'TH', font: { src: BOLD } })),
      ...rows.map((r) => r.map((c) => ({ ...c, text: pdfSafeText(c.text) }))),
    ];
    const options: TaggedTableOptions = {
      data,
      structParent: root,
      position: { x: MARGIN },
      maxWidth: width,
      defaultStyle: TABLE_STYLE,
      ...(columnStyles ? { columnStyles } : {}),
    };
    doc.table(options);
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
    doc.font(FONT).fontSize(SIZE.footer).fillColor('#505a5f');
    doc.text(
      pdfSafeText(
        `${content.familyName}: our family plan, printed on ${formatDate(options.today)}. Page ${i + 1} of ${pages.count}.`,
      ),
      MARGIN,
      doc.page.height - MARGIN - SIZE.footer,
      { width, lineBreak: false },
    );
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return finished;
}
