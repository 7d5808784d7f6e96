import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import type { FormErrors } from '../../../platform/views/forms.ts';
import { RELATIONSHIP_NAMES, flagMessage, multiline, personRows, summaryRow, worryRows } from '../present.ts';
import { formatReference } from '../reference.ts';
import { familyProblems } from '../rules.ts';
import { RequestNotReadyError, type FrontDoorService } from '../service.ts';
import { BASE, answersOf, familyPage } from './journey.ts';
import { familyAreas } from './words.ts';

const CONTACT_BY_WORDS = {
  phone: 'By phone',
  email: 'By email',
  'through-helper': 'Only through the person helping me',
};

/** A family's "Check your answers", the send, and the confirmation page. */
export function familyCheckPages(frontDoor: FrontDoorService) {
  const page = familyPage(frontDoor);

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const a = answersOf(request);
    const options = await frontDoor.options();
    const names = Object.fromEntries(familyAreas(options).map((x) => [x.code, x.name]));
    const change = (path: string) => `${BASE}/${path}?return=check`;
    const you = a.aboutYou!;
    const district = options.districts.find((d) => d.code === you.district)?.name ?? '';
    const c = (what: string) => ({ href: change('about-you'), what });
    const sections = [
      {
        title: 'About you',
        rows: [
          summaryRow('Name', { text: you.name }, c('your name')),
          summaryRow(
            'How you are related to the children',
            { text: RELATIONSHIP_NAMES[you.relationship] ?? you.relationship },
            c('how you are related'),
          ),
          summaryRow('How we contact you', { text: CONTACT_BY_WORDS[you.contactBy] }, c('how we contact you')),
          summaryRow('Phone', { text: you.phone || 'Not given' }, c('your phone number')),
          summaryRow('Email', { text: you.email || 'Not given' }, c('your email')),
          ...(you.contactBy === 'through-helper'
            ? [summaryRow('The person helping you', { text: you.helper ?? '' }, c('the person helping you'))]
            : []),
          summaryRow('Address', multiline(`${you.address}\n${you.postcode}`), c('your address')),
          summaryRow('Area', { text: district }, c('the area you live in')),
          summaryRow(
            'Language',
            { text: `${you.language || 'English'}${you.interpreterNeeded ? ' (you would like an interpreter)' : ''}` },
            c('language'),
          ),
          summaryRow(
            'Contacting you safely',
            { text: you.contactNotes || 'Nothing to add' },
            c('contacting you safely'),
          ),
        ],
      },
      ...a.children.map((child) => ({
        title: `${child.firstName} ${child.lastName}`,
        rows: personRows(child, { family: true, change: `${BASE}/children/${child.id}?return=check` }),
      })),
      { title: 'What is worrying you', rows: worryRows(a.worries ?? [], names, change('worries')) },
      {
        title: 'What is going well, and what has helped',
        rows: [
          summaryRow('What is going well', multiline(a.helped?.strengths ?? ''), {
            href: change('what-has-helped'),
            what: 'what is going well',
          }),
          summaryRow('What you have tried', multiline(a.helped?.tried ?? ''), {
            href: change('what-has-helped'),
            what: 'what you have tried',
          }),
        ],
      },
      {
        title: 'Keeping and sharing what you tell us',
        rows: [
          summaryRow(
            'We can keep what you have told us and contact you',
            { text: a.sharing?.agree ? 'Yes' : 'No' },
            { href: change('sharing'), what: 'keeping what you told us' },
          ),
          summaryRow(
            'We can talk to other people who know your family',
            { text: a.sharing?.sharing ? 'Yes' : 'No' },
            { href: change('sharing'), what: 'talking to other people' },
          ),
        ],
      },
    ];
    const flags = a.children.map((child) => flagMessage(child)).filter(Boolean);
    return page(
      reply,
      'check.njk',
      'Check your answers before sending',
      { sections, flags, action: `${BASE}/check` },
      errors,
    );
  }

  async function showCheck(request: FastifyRequest, reply: FastifyReply) {
    const problems = familyProblems(answersOf(request), BASE);
    if (problems.length) return reply.redirect(problems[0]!.href, 303);
    return renderCheck(request, reply);
  }

  async function sendRequest(request: FastifyRequest, reply: FastifyReply) {
    const journey = request.session.familyRequest;
    // Sent already (a double click, or a retried POST): the same confirmation, never a second request.
    if (!journey) return reply.redirect(request.session.familySent ? `${BASE}/sent` : BASE, 303);
    try {
      const sent = await frontDoor.submitFamilyRequest(actorOf(request), journey.key, journey.answers, BASE);
      const you = journey.answers.aboutYou!;
      request.session.familySent = {
        reference: formatReference(sent.reference),
        email: you.contactBy === 'email' ? you.email : '',
      };
      request.session.familyRequest = undefined;
      return reply.redirect(`${BASE}/sent`, 303);
    } catch (error) {
      if (!(error instanceof RequestNotReadyError)) throw error;
      return reply.redirect(error.problems[0]!.href, 303);
    }
  }

  async function showSent(request: FastifyRequest, reply: FastifyReply) {
    const sent = request.session.familySent;
    if (!sent) return reply.redirect(BASE, 303);
    return page(reply, 'sent.njk', 'We have your request', { sent });
  }

  return { showCheck, sendRequest, showSent };
}
