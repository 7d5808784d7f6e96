import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { combineErrors, formError, formErrors, parseForm } from './forms.ts';

describe('one mapping from problems to the GOV.UK error summary', () => {
  it('lists problems in order, linking each to its field, one message a field', () => {
    expect(
      formErrors([
        { field: 'name', text: 'Enter a name' },
        { field: 'email', text: 'Enter an email address' },
        { field: 'name', text: 'Name must be 100 characters or fewer' },
      ]),
    ).toEqual({
      list: [
        { text: 'Enter a name', href: '#name' },
        { text: 'Enter an email address', href: '#email' },
      ],
      fields: { name: { text: 'Enter a name' }, email: { text: 'Enter an email address' } },
    });
    expect(formError('version', 'Reload the page')).toEqual(
      formErrors([{ field: 'version', text: 'Reload the page' }]),
    );
  });

  it('combines the schema’s errors with problems found after it, keeping the first for a field', () => {
    const schema = formErrors([{ field: 'reviewDate-day', text: 'Enter the date of the review' }]);
    const combined = combineErrors(null, schema, [
      { field: 'score-1', text: 'Select a score' },
      { field: 'reviewDate-day', text: 'ignored' },
    ]);
    expect(combined.list.map((e) => e.href)).toEqual(['#reviewDate-day', '#score-1']);
    expect(combined.fields['reviewDate-day']).toEqual({ text: 'Enter the date of the review' });
    expect(combineErrors(null, undefined, [])).toEqual({ list: [], fields: {} });
  });

  it('parseForm maps zod issues the same way, and a missing field is an empty answer', () => {
    const schema = z.object({
      name: z.string().trim().min(1, 'Enter a name'),
      'when-day': z.string().min(1, 'Enter when'),
    });
    const result = parseForm(schema, { name: ' ' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.list).toEqual([
        { text: 'Enter a name', href: '#name' },
        { text: 'Enter when', href: '#when-day' },
      ]);
  });
});
