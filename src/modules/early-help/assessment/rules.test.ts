import { describe, expect, it } from 'vitest';
import {
  analysisProblems,
  completionProblems,
  isChild,
  memberSectionProblems,
  needProblems,
  sectionStatus,
  type MemberSectionInput,
} from './rules.ts';

const took: MemberSectionInput = {
  participation: 'took-part',
  absenceReason: '',
  views: '',
  strengths: '',
  needs: '',
  goals: '',
  heardBy: '',
  heardHow: null,
  finished: 'no',
};
const adult = { name: 'Kerry Smith', child: false };
const child = { name: 'Lily Smith', child: true };

describe('who is heard as a child', () => {
  it('is a child or sibling, anyone under 18 on the day, or a baby not yet born', () => {
    expect(isChild({ relationship: 'child', date_of_birth: '1990-01-01' }, '2025-06-01')).toBe(true);
    expect(isChild({ relationship: 'sibling', date_of_birth: null }, '2025-06-01')).toBe(true);
    expect(isChild({ relationship: 'other', date_of_birth: '2007-06-02' }, '2025-06-01')).toBe(true);
    expect(isChild({ relationship: 'other', date_of_birth: '2007-06-01' }, '2025-06-01')).toBe(false);
    expect(isChild({ relationship: 'parent', date_of_birth: null, expected_date: null }, '2025-06-01')).toBe(false);
    expect(isChild({ relationship: 'other', date_of_birth: null, expected_date: '2025-09-01' }, '2025-06-01')).toBe(
      true,
    );
  });
});

describe('a section’s status', () => {
  it('follows what was saved', () => {
    expect(sectionStatus(null)).toBe('not-started');
    expect(sectionStatus({ participation: 'took-part', finished: false })).toBe('in-progress');
    expect(sectionStatus({ participation: 'took-part', finished: true })).toBe('completed');
    expect(sectionStatus({ participation: 'declined', finished: true })).toBe('declined');
    expect(sectionStatus({ participation: 'not-seen', finished: true })).toBe('not-seen');
    expect(sectionStatus({ participation: null, finished: true })).toBe('completed');
  });
});

describe('saving a member’s section', () => {
  it('accepts a part-way save with nothing written yet', () => {
    expect(memberSectionProblems(took, adult)).toEqual([]);
  });

  it('asks whether the section is finished, and for their words before finishing', () => {
    expect(memberSectionProblems({ ...took, finished: '' }, adult)).toEqual([
      { field: 'finished', text: 'Select whether you have finished this section' },
    ]);
    expect(memberSectionProblems({ ...took, finished: 'yes' }, adult)).toEqual([
      { field: 'views', text: 'Enter Kerry Smith’s views, in their own words, before finishing the section' },
    ]);
    expect(memberSectionProblems({ ...took, finished: 'yes', goals: 'A job' }, adult)).toEqual([]);
  });

  it('asks, for a child, what they said, how they were heard and by whom', () => {
    expect(memberSectionProblems({ ...took, finished: 'yes' }, child).map((p) => p.field)).toEqual([
      'views',
      'heardHow',
      'heardBy',
    ]);
    expect(
      memberSectionProblems(
        { ...took, finished: 'yes', views: 'I like my bike', heardHow: 'drawing', heardBy: 'Jo Carter' },
        child,
      ),
    ).toEqual([]);
  });

  it('asks why someone declined or was not seen', () => {
    expect(memberSectionProblems({ ...took, participation: 'declined' }, adult)).toEqual([
      { field: 'absenceReason', text: 'Say why Kerry Smith chose not to take part' },
    ]);
    expect(memberSectionProblems({ ...took, participation: 'not-seen' }, child)).toEqual([
      { field: 'absenceReason', text: 'Say why Lily Smith was not seen' },
    ]);
    expect(
      memberSectionProblems({ ...took, participation: 'not-seen', absenceReason: 'In hospital', finished: '' }, child),
    ).toEqual([]);
  });
});

describe('the analysis', () => {
  it('saves part-way, and needs writing before it is finished', () => {
    expect(analysisProblems({ analysis: '', finished: 'no' })).toEqual([]);
    expect(analysisProblems({ analysis: '', finished: 'yes' })).toEqual([
      { field: 'analysis', text: 'Enter your analysis before finishing the section' },
    ]);
    expect(analysisProblems({ analysis: 'x', finished: '' })).toEqual([
      { field: 'finished', text: 'Select whether you have finished this section' },
    ]);
  });
});

describe('a need found in a section', () => {
  const areas = ['education', 'housing'];
  it('is optional on a save, but needs both area and words once started', () => {
    expect(needProblems({ area: '', description: '' }, false, areas)).toEqual([]);
    expect(needProblems({ area: 'housing', description: 'Rent arrears' }, false, areas)).toEqual([]);
    expect(needProblems({ area: 'housing', description: '' }, false, areas).map((p) => p.field)).toEqual([
      'needDescription',
    ]);
    expect(needProblems({ area: '', description: 'Rent' }, false, areas).map((p) => p.field)).toEqual(['needArea']);
  });
  it('is required by "Add this need", and its area must be one of the tenant’s', () => {
    expect(needProblems({ area: '', description: '' }, true, areas).map((p) => p.field)).toEqual([
      'needArea',
      'needDescription',
    ]);
    expect(needProblems({ area: 'astrology', description: 'x' }, false, areas)).toEqual([
      { field: 'needArea', text: 'Select the Supporting Families outcome area of the need' },
    ]);
  });
});

describe('completing the assessment', () => {
  it('needs every member’s section finished, declined or not seen, and the analysis', () => {
    const members = [
      { personId: 'a', name: 'Kerry Smith', status: 'completed' as const },
      { personId: 'b', name: 'Lily Smith', status: 'in-progress' as const },
      { personId: 'c', name: 'Jay Smith', status: 'not-started' as const },
      { personId: 'd', name: 'Dan Smith', status: 'declined' as const },
      { personId: 'e', name: 'Amy Smith', status: 'not-seen' as const },
    ];
    expect(completionProblems(members, 'in-progress')).toEqual([
      { field: 'section-b', text: 'Lily Smith’s section is not finished' },
      { field: 'section-c', text: 'Jay Smith’s section has not been started' },
      { field: 'section-analysis', text: 'The practitioner’s analysis is not finished' },
    ]);
    expect(completionProblems([members[0]!, members[3]!, members[4]!], 'completed')).toEqual([]);
  });
});
