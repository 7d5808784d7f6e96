import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/guards.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { dateInputItems } from '../../../platform/views/date-input.ts';
import { combineErrors, formErrors, type FormErrors } from '../../../platform/views/forms.ts';
import { pageCount, pageField, pageHref, pageWindow, pagination } from '../../../platform/views/pagination.ts';
import type { Candidate } from '../../people/index.ts';
import { GENDERS } from '../../people/index.ts';
import { BASIS_NAMES } from './rules.ts';
import { STATUS_NAMES, V, candidateRadios, selectItems, shownPerson } from './present.ts';
import { childSlots, harmSlots } from './schemas.ts';
import { MaracReferralError, type MaracCaseService } from './service.ts';

const PAGE_SIZE = 50;
const listQuery = z.object({
  status: z.enum(['', 'open', 'referred', 'listed', 'heard', 'closed']).catch(''),
  repeat: z.enum(['', 'yes', 'no']).catch(''),
  page: pageField().catch(1),
});
const GENDER_NAMES: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Another gender',
  'not-known': 'Not known',
};

/**
 * MARAC's referral and case pages: /marac (the cases the user may see, and the referrals they made), the referral
 * form (/marac/referrals/new, with its matching step), and a case (/marac/cases/:id, a restricted record). The
 * meetings' pages are the meetings folder's.
 */
export async function maracCaseRoutes(app: FastifyInstance, { cases }: { cases: MaracCaseService }) {
  app.get('/marac', { config: { access: { anyOf: ['marac:refer', 'marac:take-part'] } } }, async (request, reply) => {
    const user = request.user!;
    const filters = listQuery.parse(request.query ?? {});
    const takesPart = can(user, 'marac:take-part').allowed || can(user, 'marac:coordinate').allowed;
    const [list, yours, choices] = await Promise.all([
      takesPart
        ? cases.list(actorOf(request), user, filters, ...pageArgs(filters.page))
        : Promise.resolve({ rows: [], total: 0 }),
      cases.referredBy(user, 20),
      cases.choices(),
    ]);
    const query = new URLSearchParams(
      Object.entries({ status: filters.status, repeat: filters.repeat }).filter(([, v]) => v !== ''),
    );
    const district = Object.fromEntries(choices.districts.map((d) => [d.code, d.name]));
    const row = (r: (typeof list.rows)[number]) => ({
      ...r,
      statusText: STATUS_NAMES[r.status] ?? r.status,
      districtText: r.district_code ? (district[r.district_code] ?? r.district_code) : '',
      basisText: r.risk_basis.map((b) => BASIS_NAMES[b]).join(', '),
    });
    return reply.render(`${V}/home.njk`, {
      pageTitle: 'MARAC',
      takesPart,
      canRefer: can(user, 'marac:refer').allowed,
      rows: list.rows.map(row),
      total: list.total,
      yours: yours.rows.map(row),
      filters,
      statusItems: [
        { value: '', text: 'Any status', selected: filters.status === '' },
        { value: 'open', text: 'Open (not closed)', selected: filters.status === 'open' },
        ...Object.entries(STATUS_NAMES).map(([value, text]) => ({ value, text, selected: filters.status === value })),
      ],
      repeatItems: [
        { value: '', text: 'Repeats or not', selected: filters.repeat === '' },
        { value: 'yes', text: 'Repeat referrals only', selected: filters.repeat === 'yes' },
        { value: 'no', text: 'First referrals only', selected: filters.repeat === 'no' },
      ],
      pagination: pagination(filters.page, pageCount(list.total, PAGE_SIZE), pageHref('/marac', query)),
    });
  });

  const pageArgs = (page: number): [number, number] => {
    const w = pageWindow(page, PAGE_SIZE);
    return [w.limit, w.offset];
  };

  async function referralForm(
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    candidates?: Record<string, Candidate[]>,
  ) {
    const [choices, checklist, settings] = await Promise.all([cases.choices(), cases.checklist(), cases.settings()]);
    const hasError = (name: string) => Boolean(errors?.fields[`${name}-day`]);
    const tickedNow = new Set((Array.isArray(values.ticked) ? values.ticked : [values.ticked]).map(String));
    const genderItems = (slot: string) => [
      { value: '', text: 'Not given' },
      ...GENDERS.map((g) => ({ value: g, text: GENDER_NAMES[g], selected: values[`${slot}Gender`] === g })),
    ];
    return reply.render(
      `${V}/referral.njk`,
      {
        pageTitle: 'Refer a case to MARAC',
        values,
        errors,
        matches: candidates ? candidateRadios(candidates, values) : [],
        settings,
        checklistName: checklist.name,
        questionItems: checklist.questions.map((text, i) => ({
          value: String(i + 1),
          text: `${i + 1}. ${text}`,
          checked: tickedNow.has(String(i + 1)),
        })),
        victimDob: dateInputItems('victimDateOfBirth', values, hasError('victimDateOfBirth')),
        victimGenderItems: genderItems('victim'),
        children: childSlots.map((slot, i) => ({
          slot,
          n: i + 1,
          dob: dateInputItems(`${slot}DateOfBirth`, values, hasError(`${slot}DateOfBirth`)),
        })),
        harms: harmSlots.map((slot, i) => ({
          slot,
          n: i + 1,
          dob: dateInputItems(`${slot}DateOfBirth`, values, hasError(`${slot}DateOfBirth`)),
          genderItems: genderItems(slot),
        })),
        agencyItems: [
          ...selectItems(choices.agencies, values.referringAgency, 'Select the referring agency'),
          { value: 'other', text: 'Another agency', selected: values.referringAgency === 'other' },
        ],
        districtItems: selectItems(
          choices.districts.map((d) => ({ code: d.code, name: `${d.name} (${d.quadrant})` })),
          values.district,
          'Select a district',
        ),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/marac/referrals/new', { config: { access: { action: 'marac:refer' } } }, (_request, reply) =>
    referralForm(reply, {}),
  );

  app.post(
    '/marac/referrals',
    { config: { access: { action: 'marac:refer' }, once: true } },
    async (request: FastifyRequest, reply) => {
      const typed = (request.body ?? {}) as Record<string, unknown>;
      const form = await cases.parseReferral(request.body);
      if (!form.ok) return referralForm(reply, typed, form.errors);
      try {
        const result = await cases.refer(actorOf(request), request.user!, form.data, typed);
        if ('candidates' in result) return referralForm(reply, typed, undefined, result.candidates);
        request.session.flash = 'The case was referred to MARAC.';
        return reply.redirect(`/marac/cases/${result.created}`, 303);
      } catch (error) {
        if (error instanceof MaracReferralError)
          return referralForm(reply, typed, combineErrors(formErrors(error.problems)), error.candidates);
        throw error;
      }
    },
  );

  app.get(
    '/marac/cases/:id',
    { config: { access: { record: cases.deps.access.locator(), can: 'restricted:view-marac' } } },
    async (request, reply) => {
      const decided = decidedRecord(request);
      const found = await cases.view(actorOf(request), request.user!, decided.id);
      if (!found) throw notFound();
      const [choices, settings] = await Promise.all([cases.choices(), cases.settings()]);
      const { row } = found;
      const people = found.people.map((p) => shownPerson(p, found.marac));
      const agency = choices.agencies.find((a) => a.code === row.referring_agency)?.name ?? 'Another agency';
      return reply.render(`${V}/case.njk`, {
        pageTitle: `MARAC case ${row.reference}`,
        row,
        marac: found.marac,
        repeatOf: found.repeatOf,
        victim: people.find((p) => p.role === 'victim'),
        children: people.filter((p) => p.role === 'child'),
        harms: people.filter((p) => p.role === 'person-causing-harm'),
        agency,
        district: choices.districts.find((d) => d.code === row.district_code)?.name ?? '',
        statusText: STATUS_NAMES[row.status] ?? row.status,
        basis: row.risk_basis.map((b) => BASIS_NAMES[b]),
        settings,
        genderNames: GENDER_NAMES,
        // The meetings side: where the case is listed and its safety action plan.
        sections: [{ template: 'marac/meetings/views/case-section.njk' }],
      });
    },
  );
}
