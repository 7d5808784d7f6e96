import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { notFound } from '../../../platform/http/errors.ts';
import type { FormErrors } from '../../../platform/views/forms.ts';
import type { Quadrant } from './access.ts';
import type { Mace2Service } from './service.ts';

export const V = 'mace/mace2/views';
/** Taking part in MACE (a coordinator takes part too); routes add the record they act on. */
export const TAKE_PART = 'mace:take-part';
export const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];
export const quadrantCode = (request: FastifyRequest) => {
  const { quadrant } = request.params as { quadrant: string };
  if (!/^[a-z0-9-]{1,50}$/.test(quadrant)) throw notFound();
  return quadrant;
};
/** The form of a quadrant, or a 404; the service decides who may open it (audited). */
export async function quadrantFor(
  mace2: Mace2Service,
  request: FastifyRequest,
  what: 'place' | 'coordinator',
  doing: string,
): Promise<Quadrant> {
  const quadrant = await mace2.formFor(actorOf(request), request.user!, quadrantCode(request), what, doing);
  if (!quadrant) throw notFound();
  return quadrant;
}

export const districtItems = (quadrant: Quadrant, selected: unknown) => [
  { value: '', text: 'Choose a district' },
  ...quadrant.districts.map((d) => ({ value: d.code, text: d.name, selected: selected === d.code })),
];

/** The error summary in the order the page shows its fields. */
export const sorted = (errors: FormErrors, fields: string[]): FormErrors => ({
  ...errors,
  list: [...errors.list].sort((a, b) => fields.indexOf(a.href.slice(1)) - fields.indexOf(b.href.slice(1))),
});
