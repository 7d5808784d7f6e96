import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../src/modules/front-door/police/schemas.ts';
import { notification } from './bench-intake-client.ts';

const DISTRICTS = ['basildon', 'braintree', 'chelmsford', 'colchester', 'harlow', 'tendring'].map((code) => ({
  code,
  name: code,
}));

// bench:intake and bench:load send these through the police API's own schema: one the schema refuses stops the
// benchmark (a missing child's notification without its episode did, once issue 13 required it).
describe('the benchmarks’ police notifications', () => {
  it('are each valid, in every concern category', () => {
    const schema = notificationSchema(DISTRICTS);
    const sent = Array.from({ length: 500 }, () => notification('test')); // as many as bench:load sends
    for (const body of sent) expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(new Set(sent.map((n) => n.concern_category)).size).toBe(5);
  });
});
