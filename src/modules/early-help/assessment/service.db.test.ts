import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../../platform/http/types.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import type { MemberSectionInput } from './rules.ts';
import { AssessmentDenied, AssessmentProblems, SectionStale, type AssessmentService } from './service.ts';
import { hubWorkItem, userByEmail } from '../test-support.ts';

/** The Shared Family Assessment against a family taken on from the Hub, on PGlite and PostgreSQL. */

let t: TestApp;
let assessment: AssessmentService;
let worker: CurrentUser;
let teacher: CurrentUser;
let police: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
const noNeed = { area: '', description: '', adding: false };
const section = (input: Partial<MemberSectionInput> = {}): MemberSectionInput => ({
  participation: 'took-part',
  absenceReason: '',
  views: '',
  strengths: '',
  needs: '',
  goals: '',
  heardBy: '',
  heardHow: null,
  finished: 'no',
  ...input,
});

/** A family with two children and a parent, taken on by the worker (lead professional and allocated worker). */
async function family(surname: string) {
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname,
    children: ['Ellie', 'Jack'],
    parent: 'Lauren',
  });
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    actorFor(worker),
    worker,
    item.id,
    item.version,
  );
  const members = await t.services.earlyHelp.membersOf(familyId);
  const person = (first: string) => members.find((m) => m.first_name === first)!.person_id;
  return { familyId, episodeId, ellie: person('Ellie'), jack: person('Jack'), lauren: person('Lauren') };
}

beforeAll(async () => {
  t = await createTestApp();
  assessment = t.services.assessment;
  worker = await userByEmail(t.services, 'fs.worker@essex.example');
  teacher = await userByEmail(t.services, 'teacher@essex.example');
  police = await userByEmail(t.services, 'police@essex.example');
});
afterAll(() => t?.close());

describe('starting', () => {
  it('starts one assessment per episode, however often it is asked', async () => {
    const f = await family('Starting');
    expect((await assessment.view(worker, f.episodeId))!.canStart).toBe(true);
    await assessment.start(actorFor(worker), worker, f.episodeId);
    await assessment.start(actorFor(worker), worker, f.episodeId);
    const view = (await assessment.view(worker, f.episodeId))!;
    expect(view.assessment).toMatchObject({ status: 'draft', version: 1 });
    expect(view.canStart).toBe(false);
    expect(view.members.map((m) => [m.name, m.child, m.status])).toEqual(
      expect.arrayContaining([
        ['Ellie Starting', true, 'not-started'],
        ['Jack Starting', true, 'not-started'],
        ['Lauren Starting', false, 'not-started'],
      ]),
    );
    const started = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'early-help.assessment.started')
      .where('subject_id', '=', f.familyId)
      .execute();
    expect(started).toHaveLength(1);
  });

  it('refuses an uninvolved practitioner and audits the refusal', async () => {
    const f = await family('Refused');
    await expect(assessment.start(actorFor(police), police, f.episodeId)).rejects.toBeInstanceOf(AssessmentDenied);
    await assessment.start(actorFor(worker), worker, f.episodeId);
    await expect(
      assessment.saveMember(actorFor(police), police, f.episodeId, f.ellie, 0, section(), noNeed),
    ).rejects.toBeInstanceOf(AssessmentDenied);
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('subject_id', '=', f.familyId)
      .where('actor_user_id', '=', police.id)
      .execute();
    expect(denied).toEqual([
      { action: 'permission.denied', outcome: 'denied' },
      { action: 'permission.denied', outcome: 'denied' },
    ]);
    const started = (await assessment.repository.byEpisode(f.episodeId))!;
    expect(await assessment.repository.sections(started.id)).toEqual([]);
  });
});

describe('sections and their versions', () => {
  it('saves part-way with its own version, and refuses a second editor’s stale save with the current text', async () => {
    const f = await family('Versions');
    await assessment.start(actorFor(worker), worker, f.episodeId);
    // The teacher becomes lead professional; the worker stays allocated worker: both may edit.
    await t.services.earlyHelp.changeLeadProfessional(
      actorFor(worker),
      worker,
      f.episodeId,
      (await t.services.earlyHelp.episodeRow(f.episodeId))!.version,
      { email: teacher.email },
    );

    await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.lauren,
      0,
      section({ views: 'I want the rent sorted.' }),
      noNeed,
    );
    let view = (await assessment.view(worker, f.episodeId))!;
    let lauren = view.members.find((m) => m.personId === f.lauren)!;
    expect(lauren).toMatchObject({ status: 'in-progress', section: { version: 1, views: 'I want the rent sorted.' } });

    // Both open version 1. The teacher saves first; the worker's save is refused, nothing overwritten.
    await assessment.saveMember(
      actorFor(teacher),
      teacher,
      f.episodeId,
      f.lauren,
      1,
      section({ views: 'I want the rent sorted and Ellie in school.' }),
      noNeed,
    );
    const stale = await assessment
      .saveMember(actorFor(worker), worker, f.episodeId, f.lauren, 1, section({ views: 'Mine' }), noNeed)
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(SectionStale);
    expect((stale as SectionStale).current).toMatchObject({
      version: 2,
      views: 'I want the rent sorted and Ellie in school.',
      updated_by_name: teacher.displayName,
    });
    view = (await assessment.view(worker, f.episodeId))!;
    lauren = view.members.find((m) => m.personId === f.lauren)!;
    expect(lauren.section).toMatchObject({ version: 2, views: 'I want the rent sorted and Ellie in school.' });

    // A first save of a section someone else has since started is stale too.
    await assessment.saveMember(
      actorFor(teacher),
      teacher,
      f.episodeId,
      f.jack,
      0,
      section({ views: 'Football' }),
      noNeed,
    );
    await expect(
      assessment.saveMember(actorFor(worker), worker, f.episodeId, f.jack, 0, section({ views: 'Lego' }), noNeed),
    ).rejects.toBeInstanceOf(SectionStale);
    // Another section saves alongside without conflict.
    await assessment.saveAnalysis(
      actorFor(worker),
      worker,
      f.episodeId,
      0,
      { analysis: 'Rent arrears drive the worry.', finished: 'no' },
      noNeed,
    );
    expect((await assessment.view(worker, f.episodeId))!.analysisStatus).toBe('in-progress');
  });

  it('keeps a child’s words with who heard them and how, and a declined member’s reason', async () => {
    const f = await family('Voices');
    await assessment.start(actorFor(worker), worker, f.episodeId);
    await expect(
      assessment.saveMember(
        actorFor(worker),
        worker,
        f.episodeId,
        f.ellie,
        0,
        section({ finished: 'yes', views: 'My house is noisy' }),
        noNeed,
      ),
    ).rejects.toThrow('Select how Ellie Voices was heard; Enter who heard Ellie Voices');
    await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.ellie,
      0,
      section({
        finished: 'yes',
        views: 'My house is noisy',
        heardHow: 'drawing',
        heardBy: 'Jo Carter, family worker',
      }),
      noNeed,
    );
    await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.lauren,
      0,
      section({ participation: 'declined', absenceReason: 'Not ready to talk yet', views: 'kept' }),
      noNeed,
    );
    const view = (await assessment.view(worker, f.episodeId))!;
    expect(view.members.find((m) => m.personId === f.ellie)).toMatchObject({
      status: 'completed',
      section: { heard_how: 'drawing', heard_by: 'Jo Carter, family worker', views: 'My house is noisy' },
    });
    expect(view.members.find((m) => m.personId === f.lauren)).toMatchObject({
      status: 'declined',
      section: { absence_reason: 'Not ready to talk yet', finished: true },
    });
  });
});

describe('needs', () => {
  it('become the episode’s needs, tagged by outcome area, linked to the section that found them', async () => {
    const f = await family('Needs');
    await assessment.start(actorFor(worker), worker, f.episodeId);
    await expect(
      assessment.saveMember(actorFor(worker), worker, f.episodeId, f.jack, 0, section(), {
        area: 'astrology',
        description: 'Stars',
        adding: true,
      }),
    ).rejects.toBeInstanceOf(AssessmentProblems);
    await expect(
      assessment.saveMember(actorFor(worker), worker, f.episodeId, f.jack, 0, section(), {
        area: '',
        description: '',
        adding: true,
      }),
    ).rejects.toThrow(
      'Select the Supporting Families outcome area of the need; Describe the need, in the family’s words where you can',
    );
    const { needId } = await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.jack,
      0,
      section({ views: 'I get angry at school' }),
      { area: 'health', description: 'Jack’s anger at school', adding: true },
    );
    await assessment.saveAnalysis(
      actorFor(worker),
      worker,
      f.episodeId,
      0,
      { analysis: 'x', finished: 'no' },
      { area: 'financial-stability', description: 'Debt', adding: false },
    );

    const record = (await t.services.earlyHelp.family(worker, f.familyId))!;
    const needs = record.episodes[0]!.needs;
    expect(needs.map((n) => [n.outcome_area, n.description])).toEqual(
      expect.arrayContaining([
        ['health', 'Jack’s anger at school'],
        ['financial-stability', 'Debt'],
      ]),
    );
    expect(needs.find((n) => n.id === needId)).toMatchObject({
      episode_id: f.episodeId,
      identified_by: worker.id,
      outcome: null,
    });
    const view = (await assessment.view(worker, f.episodeId))!;
    expect(view.needs.map((n) => [n.area_name, n.from])).toEqual([
      ['Improved mental and physical health', 'Jack Needs'],
      ['Financial stability', 'Practitioner’s analysis'],
    ]);
    // Nothing half-written: a refused save adds no need.
    expect(needs.filter((n) => n.description === 'Stars')).toEqual([]);
  });
});

describe('completing', () => {
  it('needs every member and the analysis, refuses a stale check, then nothing more changes', async () => {
    const f = await family('Complete');
    await assessment.start(actorFor(worker), worker, f.episodeId);
    const version = async () => (await assessment.repository.byEpisode(f.episodeId))!.version;
    await expect(assessment.complete(actorFor(worker), worker, f.episodeId, await version())).rejects.toThrow(
      /Ellie Complete’s section has not been started.*The practitioner’s analysis is not finished/,
    );
    await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.ellie,
      0,
      section({ finished: 'yes', views: 'Happy at nan’s', heardHow: 'conversation', heardBy: 'Jo' }),
      noNeed,
    );
    await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.jack,
      0,
      section({ participation: 'not-seen', absenceReason: 'At his dad’s all week' }),
      noNeed,
    );
    await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.lauren,
      0,
      section({ finished: 'no', goals: 'A job' }),
      noNeed,
    );
    await assessment.saveAnalysis(
      actorFor(worker),
      worker,
      f.episodeId,
      0,
      { analysis: 'Strong bond; money worries.', finished: 'yes' },
      noNeed,
    );
    await expect(assessment.complete(actorFor(worker), worker, f.episodeId, await version())).rejects.toThrow(
      'Lauren Complete’s section is not finished',
    );

    const seen = await version();
    await assessment.saveMember(
      actorFor(worker),
      worker,
      f.episodeId,
      f.lauren,
      1,
      section({ finished: 'yes', goals: 'A job' }),
      noNeed,
    );
    await expect(assessment.complete(actorFor(worker), worker, f.episodeId, seen)).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    await assessment.complete(actorFor(worker), worker, f.episodeId, await version());

    const view = (await assessment.view(worker, f.episodeId))!;
    expect(view.assessment).toMatchObject({
      status: 'completed',
      completed_by: worker.id,
      completed_by_name: worker.displayName,
    });
    expect(view.editable).toBe(false);
    await expect(
      assessment.saveAnalysis(actorFor(worker), worker, f.episodeId, 1, { analysis: 'later', finished: 'yes' }, noNeed),
    ).rejects.toThrow('The assessment has been completed: it cannot change');
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', f.familyId)
      .where('action', 'like', 'early-help.assessment.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'early-help.assessment.started',
      ...Array(5).fill('early-help.assessment.section-saved'),
      'early-help.assessment.completed',
    ]);
    expect(JSON.stringify(events.map((e) => e.details))).not.toMatch(/Happy|Complete|Jo/);
  });
});
