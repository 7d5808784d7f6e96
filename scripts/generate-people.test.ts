import { describe, expect, it } from 'vitest';
import { personSchema } from '../src/modules/people/schemas.ts';
import { REFERENCE_DATE, generatePeople } from './generate-people.ts';
import { CORRUPTIONS, LOOK_ALIKES, MISSING, generateQueries } from './generate-queries.ts';

const people = generatePeople(5_000, 3);

describe('generatePeople', () => {
  it('is deterministic: the same seed gives the same people, another seed others', () => {
    expect(generatePeople(5_000, 3)).toEqual(people);
    expect(generatePeople(5, 4).map((p) => p.id)).not.toEqual(people.slice(0, 5).map((p) => p.id));
  });

  it('makes valid, varied Essex people in households, more of them children', () => {
    for (const p of people) expect(personSchema.safeParse(p).success, JSON.stringify(p)).toBe(true);
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
    expect(people.every((p) => /^(CM|CO|SS|IG|EN|CB)\d+ \d[A-Z]{2}$/.test(p.postcode))).toBe(true);
    const age = (p: { dateOfBirth: string }) => Number(REFERENCE_DATE.slice(0, 4)) - Number(p.dateOfBirth.slice(0, 4));
    const children = people.filter((p) => age(p) <= 18).length / people.length;
    expect(children).toBeGreaterThan(0.3);
    expect(Math.max(...people.map(age))).toBeLessThanOrEqual(91);
    expect(new Set(people.map((p) => p.firstName)).size).toBeGreaterThan(300);
    expect(new Set(people.map((p) => p.lastName)).size).toBeGreaterThan(300);
    expect(people.some((p) => p.lastName.includes('-'))).toBe(true);
    // Households share a surname and an address; some have twins.
    const households = new Map<number, typeof people>();
    for (const p of people) households.set(p.household, [...(households.get(p.household) ?? []), p]);
    expect([...households.values()].filter((h) => h.length > 2).length).toBeGreaterThan(300);
    expect(
      [...households.values()].some((h) =>
        h.some((a) =>
          h.some((b) => a !== b && a.dateOfBirth === b.dateOfBirth && Number(a.dateOfBirth.slice(0, 4)) > 2006),
        ),
      ),
    ).toBe(true);
  });
});

describe('generateQueries', () => {
  const queries = generateQueries(people, 600, 9);

  it('labels corrupted copies with their record, and look-alikes with none', () => {
    expect(queries).toHaveLength(600);
    expect(generateQueries(people, 600, 9)).toEqual(queries);
    const ids = new Set(people.map((p) => p.id));
    for (const q of queries) {
      expect(personSchema.safeParse(q.query).success, JSON.stringify(q)).toBe(true);
      if ((LOOK_ALIKES as readonly string[]).includes(q.kind)) expect(q.trueId).toBeNull();
      else expect(ids.has(q.trueId!)).toBe(true);
    }
    const kinds = new Set(queries.map((q) => q.kind));
    for (const kind of [...CORRUPTIONS, ...LOOK_ALIKES]) expect(kinds.has(kind), kind).toBe(true);
    expect(queries.filter((q) => q.trueId && q.changes.length === 2).length).toBeGreaterThan(50);
    expect(queries.filter((q) => q.trueId && q.changes.length === 3).length).toBeGreaterThan(30);
    const missing = new Set(queries.flatMap((q) => q.missing));
    for (const m of MISSING) expect(missing.has(m), m).toBe(true);
    // Never both the date of birth and the address: names alone cannot tell people apart.
    expect(queries.some((q) => !q.query.dateOfBirth && !q.query.address && !q.query.postcode)).toBe(false);
    const lookAlikes = queries.filter((q) => !q.trueId).length / queries.length;
    expect(lookAlikes).toBeGreaterThan(0.1);
  });

  it('makes twins, same-name parents and children at one address, and common names', () => {
    const byId = new Map(people.map((p) => [p.id, p]));
    expect(byId.size).toBe(people.length);
    const parentChild = queries.filter((q) => q.kind === 'parent-child');
    expect(parentChild.length).toBeGreaterThan(10);
    const twins = queries.filter((q) => q.kind === 'twin');
    expect(twins.length).toBeGreaterThan(10);
    for (const q of twins.filter((t) => t.query.address)) {
      const same = people.filter((p) => p.lastName === q.query.lastName && p.address === q.query.address);
      expect(same.length, JSON.stringify(q)).toBeGreaterThan(0);
    }
  });

  it('makes look-alikes that are not anyone in the population', () => {
    const known = new Set(people.map((p) => `${p.firstName}|${p.lastName}|${p.dateOfBirth}`));
    for (const q of queries.filter((x) => !x.trueId))
      expect(known.has(`${q.query.firstName}|${q.query.lastName}|${q.query.dateOfBirth}`)).toBe(false);
  });
});
