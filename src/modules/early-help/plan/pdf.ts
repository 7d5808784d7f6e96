import { formatDate } from './rules.ts';
import { taggedPdf } from '../../../platform/pdf/tagged.ts';
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

// ---- The PDF (the tagged document, its fonts and footer: src/platform/pdf/tagged.ts) ----

/** Score columns per table, so the numbers stay in readable columns however many goals there are. */
const GOALS_PER_TABLE = 5;

export interface PdfOptions {
  /** The day it was made ("printed on"), 'YYYY-MM-DD' in London. */
  today: string;
  /** Compress the page streams (the default). Tests may turn it off to read the text directly. */
  compress?: boolean;
}

/** The plan as PDF bytes. */
export function familyPlanPdf(content: FamilyPlanContent, options: PdfOptions): Promise<Buffer> {
  const pdf = taggedPdf({
    title: `Our family plan: ${content.familyName}`,
    subject: 'Early Help Plan',
    ...(options.compress === undefined ? {} : { compress: options.compress }),
  });
  const { heading, table } = pdf;
  const text = (words: string, o: { bold?: boolean; size?: number; gap?: number } = {}) => pdf.text(words, o);

  // The family's name and the day it was printed, then the plan in the printable page's order.
  text(content.familyName, { bold: true, size: 14, gap: 2 });
  heading('Our family plan', 'H1');
  text(`Printed on ${formatDate(options.today)}.`);
  text(`We started this plan on ${content.startedOn}. We will look at it together again on ${content.nextReviewOn}.`);

  heading('What we want to change', 'H2');
  if (!content.goals.length) text('There are no goals on the plan yet.');
  for (const goal of content.goals) {
    heading(`${goal.number}. ${goal.description}`, 'H3');
    text(
      `At the start we said ${goal.startScore} out of 10.${goal.nowScore === null ? '' : ` Now we say ${goal.nowScore} out of 10.`}`,
    );
    if (goal.actions.length) {
      text('Who will do what, by when', { bold: true, gap: 2 });
      table(
        ['What', 'Who', 'By when', 'Done?'],
        goal.actions.map((a) => [{ text: a.what }, { text: a.who }, { text: a.byWhen }, { text: a.status }]),
        ['*', '*', 110, 64],
      );
    }
  }

  if (content.goals.length) {
    heading('How far we have come', 'H2');
    text('Our scores out of 10 for each goal, at the start and at each review.');
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
  for (const line of content.agreed) text(`• ${line}`, { gap: 2 });
  if (!content.agreed.length) text('Nobody has agreed this version of the plan yet.');
  else if (!content.everyoneAgreed) text('Not everyone has agreed this version of the plan yet.');

  heading('Your worker', 'H2');
  text(
    content.leadName
      ? `${content.leadName} is your lead professional. Talk to them if anything in this plan is wrong or needs to change.`
      : 'Talk to your lead professional if anything in this plan is wrong or needs to change.',
  );
  text(`Plan version ${content.version}.`);

  // A footer on every page: whose plan, when it was printed, which page. An artifact, not content.
  return pdf.finish(
    (page, pages) =>
      `${content.familyName}: our family plan, printed on ${formatDate(options.today)}. Page ${page} of ${pages}.`,
  );
}
