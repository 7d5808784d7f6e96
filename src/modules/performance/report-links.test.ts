import { describe, expect, it } from 'vitest';
import { reportHref } from './report-links.ts';

describe('a meeting paper’s report link', () => {
  it('links the board report, a quadrant’s or district’s, and a Locality Partnership’s report', () => {
    expect(reportHref('board-report', null)).toBe('/performance/board');
    expect(reportHref('board-report', { quadrant: 'west' })).toBe('/performance/board?quadrant=west');
    expect(reportHref('board-report', { district: 'harlow' })).toBe('/performance/board?district=harlow');
    expect(reportHref('locality-report', { quadrant: 'mid' })).toBe('/performance/board?quadrant=mid');
  });

  it('links nothing for a key or parameters it does not know', () => {
    expect(reportHref('another-report', {})).toBeNull();
    expect(reportHref(null, null)).toBeNull();
    expect(reportHref('locality-report', {})).toBeNull();
    expect(reportHref('locality-report', { quadrant: 'west&x=<script>' })).toBeNull();
    expect(reportHref('board-report', { quadrant: 'west', district: 'harlow' })).toBeNull();
  });
});
