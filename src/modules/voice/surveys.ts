import { sql } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { VoiceRefused, type VoiceCore } from './core.ts';
import { longDay } from './responses-csv.ts';
import { readResponsesCsv, type CsvProblem, type ParsedResponse } from './responses-csv.ts';
import type { RoundInput } from './schemas.ts';

export interface ResponseInput {
  respondedOn: string;
  ageGroup: string;
  /** Question code → the rating as typed. */
  answers: Map<string, string>;
}

/**
 * The surveys (Have Your Say; the Pledge and Charter Checker): questions from the tenant's file, yearly rounds with
 * their open and close days, responses typed in or imported per round. A response is an age group and its answers:
 * never a name.
 */
export class VoiceSurveys {
  constructor(private readonly c: VoiceCore) {}

  /** Adds the file's surveys and questions not yet there (start-up; idempotent; a question's text follows the file). */
  async seed() {
    for (const survey of this.c.settings.surveys) {
      await this.c.db
        .insertInto('voice_surveys')
        .values({ id: newId(), code: survey.code, name: survey.name })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: survey.name }))
        .execute();
      const { id } = await this.c.db
        .selectFrom('voice_surveys')
        .select('id')
        .where('code', '=', survey.code)
        .executeTakeFirstOrThrow();
      for (const [position, q] of survey.questions.entries())
        await this.c.db
          .insertInto('voice_questions')
          .values({ id: newId(), survey_id: id, code: q.code, text: q.text, theme: q.theme, position })
          .onConflict((oc) => oc.columns(['survey_id', 'code']).doUpdateSet({ text: q.text, theme: q.theme, position }))
          .execute();
    }
  }

  list() {
    return this.c.db.selectFrom('voice_surveys').selectAll().orderBy('name').execute();
  }
  survey(code: string) {
    return this.c.db.selectFrom('voice_surveys').selectAll().where('code', '=', code).executeTakeFirst();
  }
  questions(surveyId: string) {
    return this.c.db
      .selectFrom('voice_questions')
      .selectAll()
      .where('survey_id', '=', surveyId)
      .orderBy('position')
      .execute();
  }
  rounds(surveyId?: string) {
    let q = this.c.db
      .selectFrom('voice_rounds as r')
      .innerJoin('voice_surveys as s', 's.id', 'r.survey_id')
      .select(['r.id', 'r.year', 'r.opens_on', 'r.closes_on', 's.code as survey_code', 's.name as survey_name'])
      .select((eb) =>
        eb
          .selectFrom('voice_responses as x')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('x.round_id', '=', 'r.id')
          .as('responses'),
      );
    if (surveyId) q = q.where('r.survey_id', '=', surveyId);
    return q.orderBy('r.year', 'desc').orderBy('s.name').execute();
  }
  async round(id: string) {
    return (
      (await this.c.db
        .selectFrom('voice_rounds as r')
        .innerJoin('voice_surveys as s', 's.id', 'r.survey_id')
        .select([
          'r.id',
          'r.survey_id',
          'r.year',
          'r.opens_on',
          'r.closes_on',
          's.code as survey_code',
          's.name as survey_name',
        ])
        .where('r.id', '=', id)
        .executeTakeFirst()) ?? null
    );
  }

  async addRound(actor: AuditActor, user: Principal, surveyCode: string, input: RoundInput): Promise<string> {
    await this.c.toManage(actor, user, 'voice-round', 'open a survey round');
    const survey = await this.survey(surveyCode);
    if (!survey) throw new VoiceRefused('year', 'There is no such survey');
    const id = newId();
    try {
      await this.c.write(
        actor,
        { action: 'voice.round.added', subjectType: 'voice-round', subjectId: id, details: { survey: surveyCode } },
        (tx) =>
          tx
            .insertInto('voice_rounds')
            .values({
              id,
              survey_id: survey.id,
              year: input.year,
              opens_on: input.opensOn,
              closes_on: input.closesOn,
              created_by: user.id,
            })
            .execute(),
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new VoiceRefused('year', `${survey.name} already has a round in ${input.year}`);
      throw error;
    }
    return id;
  }

  /** Checks one response against its round (dates), the tenant's age groups and the survey's questions and scale. */
  private check(round: { opens_on: string; closes_on: string }, codes: Map<string, string>, r: ResponseInput) {
    const problems: { field: string; text: string }[] = [];
    const { ageGroups, scale } = this.c.settings;
    if (r.respondedOn < round.opens_on || r.respondedOn > round.closes_on)
      problems.push({
        field: 'respondedOn-day',
        text: `The response must be given while the round is open, from ${longDay(round.opens_on)} to ${longDay(round.closes_on)}`,
      });
    if (!ageGroups.some((g) => g.code === r.ageGroup))
      problems.push({ field: 'ageGroup', text: 'Select the young person’s age group from the list' });
    for (const [question, rating] of r.answers) {
      if (!codes.has(question))
        problems.push({ field: 'answers', text: `“${question.slice(0, 60)}” is not a question of this survey` });
      else if (!/^\d{1,2}$/.test(rating) || Number(rating) < scale.min || Number(rating) > scale.max)
        problems.push({
          field: `q-${question}`,
          text: `The answer to “${codes.get(question)}” must be from ${scale.min} to ${scale.max}`,
        });
    }
    if (r.answers.size === 0) problems.push({ field: 'answers', text: 'Answer at least one question' });
    return problems;
  }

  /** Enters one response typed in from a paper or spoken survey. */
  async addResponse(actor: AuditActor, user: Principal, roundId: string, input: ResponseInput) {
    await this.c.toManage(actor, user, 'voice-response', 'enter survey responses');
    const round = await this.round(roundId);
    if (!round) return null;
    const questions = await this.questions(round.survey_id);
    const codes = new Map(questions.map((q) => [q.code, q.text]));
    const problems = this.check(round, codes, input);
    if (problems.length) throw new VoiceProblems(problems);
    const parsed: ParsedResponse = { ...input, answers: [...input.answers].map(([q, r]) => [q, Number(r)]) };
    await this.save(actor, user, round.id, questions, [parsed], 'entered');
    return round.id;
  }

  /**
   * Imports a round's responses from pasted CSV rows: a header (date, age_group, then question codes) and one row a
   * response. Every row is checked; if any has a problem nothing is imported and every problem is named.
   */
  async importCsv(
    actor: AuditActor,
    user: Principal,
    roundId: string,
    text: string,
  ): Promise<{ ok: true; imported: number } | { ok: false; problems: CsvProblem[] } | null> {
    await this.c.toManage(actor, user, 'voice-response', 'import survey responses');
    const round = await this.round(roundId);
    if (!round) return null;
    const questions = await this.questions(round.survey_id);
    const read = readResponsesCsv(text, {
      questions: questions.map((q) => q.code),
      ageGroups: this.c.settings.ageGroups.map((g) => g.code),
      scale: this.c.settings.scale,
      round,
    });
    if (!read.ok) {
      await this.c.audit.record(actor, {
        action: 'voice.responses.import-refused',
        outcome: 'failure',
        subjectType: 'voice-round',
        subjectId: round.id,
        details: { problems: read.problems.length },
      });
      return read;
    }
    await this.save(actor, user, round.id, questions, read.responses, 'imported');
    return { ok: true, imported: read.responses.length };
  }

  /**
   * Saves checked responses in one transaction with their audit event. An uploaded file is kept first by its hash:
   * the same file already imported into the round fails on the key (isUniqueViolation) and nothing is saved.
   */
  async save(
    actor: AuditActor,
    user: Principal,
    roundId: string,
    questions: readonly { id: string; code: string }[],
    responses: readonly ParsedResponse[],
    source: 'entered' | 'imported',
    file?: { sha256: string; name: string; kind: 'csv' | 'xlsx' },
  ) {
    const idOf = new Map(questions.map((q) => [q.code, q.id]));
    const rows = responses.map((r) => ({ id: newId(), r }));
    const importId = file ? newId() : null;
    await this.c.write(
      actor,
      {
        action: source === 'entered' ? 'voice.response.entered' : 'voice.responses.imported',
        subjectType: 'voice-round',
        subjectId: roundId,
        details: { responses: rows.length, ...(file ? { file: file.kind, sha256: file.sha256 } : {}) },
      },
      async (tx) => {
        if (file && importId)
          await tx
            .insertInto('voice_imports')
            .values({
              id: importId,
              round_id: roundId,
              sha256: file.sha256,
              file_name: file.name,
              file_kind: file.kind,
              responses: rows.length,
              imported_by: user.id,
            })
            .execute();
        for (let i = 0; i < rows.length; i += 500) {
          const chunk = rows.slice(i, i + 500);
          await tx
            .insertInto('voice_responses')
            .values(
              chunk.map(({ id, r }) => ({
                id,
                round_id: roundId,
                responded_on: r.respondedOn,
                age_group: r.ageGroup,
                source,
                created_by: user.id,
                import_id: importId,
              })),
            )
            .execute();
          const answers = chunk.flatMap(({ id, r }) =>
            r.answers.map(([q, rating]) => ({ response_id: id, question_id: idOf.get(q)!, rating })),
          );
          if (answers.length) await tx.insertInto('voice_answers').values(answers).execute();
        }
      },
    );
  }

  /** A round's answers counted by question and age group: answered and positive (the file's scale). */
  async counts(roundId: string) {
    const { positiveFrom } = this.c.settings.scale;
    const [answers, responses] = await Promise.all([
      this.c.db
        .selectFrom('voice_answers as a')
        .innerJoin('voice_responses as r', 'r.id', 'a.response_id')
        .select(['a.question_id', 'r.age_group'])
        .select(sql<number>`count(*)::int`.as('answered'))
        .select(sql<number>`(count(*) filter (where a.rating >= ${positiveFrom}))::int`.as('positive'))
        .where('r.round_id', '=', roundId)
        .groupBy(['a.question_id', 'r.age_group'])
        .execute(),
      this.c.db
        .selectFrom('voice_responses')
        .select('age_group')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('round_id', '=', roundId)
        .groupBy('age_group')
        .execute(),
    ]);
    return { answers, responses };
  }
}

/** Problems with one typed response, one a field. */
export class VoiceProblems extends Error {
  override name = 'VoiceProblems';
  constructor(readonly problems: { field: string; text: string }[]) {
    super(problems.map((p) => p.text).join('; '));
  }
}
