import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { POSTCODE_DISTRICTS_FILE, parsePostcode, parsePostcodeDistricts } from './postcodes.ts';

describe('postcodes', () => {
  it('reads full postcodes and outward codes in any case or spacing, and refuses anything else', () => {
    expect(parsePostcode(' cm1 1qh ')).toEqual({
      outward: 'CM1',
      inward: '1QH',
      squashed: 'CM11QH',
      display: 'CM1 1QH',
    });
    expect(parsePostcode('SS141DW')).toMatchObject({ outward: 'SS14', inward: '1DW', display: 'SS14 1DW' });
    expect(parsePostcode('co4')).toEqual({ outward: 'CO4', squashed: 'CO4', display: 'CO4' });
    expect(parsePostcode('EC1A 1BB')).toMatchObject({ outward: 'EC1A', inward: '1BB' });
    for (const bad of ['', '12345', 'CM1 1Q', 'not a postcode', 'CM1 1QHX', '1CM', '<b>CM1</b>'])
      expect(parsePostcode(bad), bad).toBeNull();
  });

  it('ships about 120 approximate postcode district centres in and around Essex', async () => {
    const text = await readFile(POSTCODE_DISTRICTS_FILE, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# .*[Aa]pproximate/);
    const rows = parsePostcodeDistricts(text);
    expect(rows.length).toBeGreaterThanOrEqual(110);
    expect(new Set(rows.map((r) => r.outward)).size).toBe(rows.length);
    for (const code of ['CM1', 'CO15', 'SS14', 'RM14', 'RM15', 'RM16', 'IG10', 'EN9', 'CB10', 'CB11'])
      expect(rows.map((r) => r.outward)).toContain(code);
    for (const row of rows) {
      expect(row.latitude, row.outward).toBeGreaterThan(51.3);
      expect(row.latitude, row.outward).toBeLessThan(52.3);
      expect(row.longitude, row.outward).toBeGreaterThan(-0.2);
      expect(row.longitude, row.outward).toBeLessThan(1.4);
    }
  });

  it('names the line of a broken file', () => {
    expect(() => parsePostcodeDistricts('# comment\noutward,latitude,longitude\nCM1,51.7,0.4\nCM2,north,0.5')).toThrow(
      /line 4/,
    );
  });
});
