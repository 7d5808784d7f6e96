import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceContentSchema } from '../content.ts';
import { serviceFull, type OrukContext } from '../oruk/mapping.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY } from '../taxonomy.ts';
import { fromOruk, normaliseSourceUrl, sourceKey, TransferError, type OrukImportContext } from './oruk.ts';
import { ORUK_STANDARD } from '../../../../tests/helpers/standards.ts';

/** Reading Open Referral UK services into Hearth entries, without a network or a database. */
const STANDARD = ORUK_STANDARD;
const example = () =>
  JSON.parse(readFileSync(path.join(STANDARD, 'examples/service_full.json'), 'utf8')) as Record<string, unknown> & {
    service_at_locations: { location: { latitude: number; addresses: { postal_code: string }[] } }[];
  };
const POSTCODE = 'Location “MyCity Civic Center”: its postcode, “ABC 1234”, is not a full UK postcode';
const LATITUDE = 'Location “MyCity Civic Center”: its latitude must be 90 or less';

const ORG = '01900000-0000-7000-8000-0000000000a1';
const LEVEL2 = '01900000-0000-7000-8000-0000000000b2';
const YOUTH = '01900000-0000-7000-8000-0000000000c1';
const context: OrukImportContext = {
  source: 'https://example.org/api/oruk',
  authority: { name: 'Essex County Council', shortName: 'Essex', onsCode: 'E10000012' },
  districts: [{ code: 'harlow', name: 'Harlow', onsCode: 'E07000073' }],
  categories: [{ code: 'youth', name: 'Youth services and activities', termId: YOUTH }],
  levels: [{ level: 2, code: 'level-2', name: 'Level 2: Additional', termId: LEVEL2 }],
  organisations: [{ id: ORG, name: 'A charity' }],
  defaults: {
    levels: [2],
    categories: ['youth'],
    countywide: true,
    accessRoute: 'self-referral',
    deliveryModes: ['online'],
  },
};

describe('the standard’s own example service', () => {
  it('is rejected as it stands, with plain reasons', () => {
    const result = fromOruk(example(), context);
    expect(result).toMatchObject({
      ok: false,
      externalId: 'ac148810-d857-441c-9679-408f346de14b',
      name: 'Community Counselling',
    });
    expect(!result.ok && result.reasons).toEqual([
      'Its organisation, “Example Organization Inc.”, is not one of Hearth’s: add it on the Organisations page, or choose an organisation on the import form',
      POSTCODE,
      LATITUDE,
    ]);
    const withOrganisation = fromOruk(example(), {
      ...context,
      defaults: { ...context.defaults, organisationId: ORG },
    });
    expect(!withOrganisation.ok && withOrganisation.reasons).toEqual([POSTCODE, LATITUDE]);
  });

  it('is imported once its postcode and coordinates are possible, using the form’s defaults for what it does not say', () => {
    const service = example();
    service.service_at_locations[0]!.location.latitude = 51.7;
    service.service_at_locations[0]!.location.addresses[0]!.postal_code = 'CM20 1AA';
    const result = fromOruk(service, { ...context, defaults: { ...context.defaults, organisationId: ORG } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.organisationId).toBe(ORG);
    expect(result.content).toMatchObject({
      name: 'Community Counselling',
      url: 'http://example.com/counselling',
      status: 'active',
      minimumAge: 12,
      isFree: false,
      fees: 'fees_description',
      accessRoute: 'self-referral',
      deliveryModes: ['in-person'],
      levels: [2],
      categories: ['youth'],
      countywide: true,
      contacts: [{ name: 'Ann Persona', title: 'Reception Manager' }],
    });
    // 100 is "no upper age" for a children's directory.
    expect(result.content.maximumAge).toBeUndefined();
    const [place] = result.content.locations;
    expect(place).toMatchObject({
      name: 'MyCity Civic Center',
      address1: '1-30 Main Street',
      city: 'MyCity',
      postcode: 'CM20 1AA',
      latitude: 51.7,
      longitude: 101,
    });
    expect(place!.schedules).toMatchObject([{ byday: ['TH', 'FR'], opensAt: '10:00', closesAt: '18:00' }]);
    // Ids are derived from the source, so a second import of the same service gives the same entry.
    expect(fromOruk(service, { ...context, defaults: { ...context.defaults, organisationId: ORG } })).toEqual(result);
    expect(
      fromOruk(service, {
        ...context,
        source: 'https://other.example',
        defaults: { ...context.defaults, organisationId: ORG },
      }),
    ).not.toEqual(result);
  });
});

describe('a service published by Hearth', () => {
  const orukContext: OrukContext = {
    authority: { name: 'Essex County Council', shortName: 'Essex', onsCode: 'E10000012' },
    districts: new Map([['harlow', { name: 'Harlow', onsCode: 'E07000073' }]]),
    terms: new Map([
      [
        LEVEL2,
        {
          id: LEVEL2,
          code: 'level-2',
          name: 'Level 2: Additional',
          description: '',
          parent_id: null,
          taxonomy_id: ORG,
          taxonomy_code: WINDSCREEN_TAXONOMY,
          taxonomy_name: 'Effective Support Windscreen',
        },
      ],
      [
        YOUTH,
        {
          id: YOUTH,
          code: 'youth',
          name: 'Youth services and activities',
          description: '',
          parent_id: null,
          taxonomy_id: ORG,
          taxonomy_code: CATEGORY_TAXONOMY,
          taxonomy_name: 'Categories',
        },
      ],
    ]),
  };
  const content = serviceContentSchema.parse({
    name: 'Youth club',
    description: 'Evenings for young people.',
    isFree: true,
    fees: 'Trips cost extra',
    accessRoute: 'self-referral',
    deliveryModes: ['in-person'],
    levels: [2],
    categories: ['youth'],
    districts: ['harlow'],
    minimumAge: 11,
    maximumAge: 19,
    contacts: [{ id: ORG, name: 'Jo', title: 'Youth worker' }],
    locations: [
      {
        id: LEVEL2,
        name: 'The Hut',
        address1: '2 Park Road',
        city: 'Harlow',
        postcode: 'CM20 1AB',
        schedules: [{ id: YOUTH, byday: ['MO', 'FR'], opensAt: '18:00', closesAt: '21:00' }],
      },
    ],
  });
  const published = serviceFull(
    {
      service_id: ORG,
      organisation_id: ORG,
      organisation_name: 'A charity',
      organisation_type: 'Charity',
      content,
      term_ids: [LEVEL2, YOUTH],
      modified_at: new Date(),
      last_checked_at: new Date(),
    },
    orukContext,
  );

  it('comes back as the same entry, apart from what the standard does not carry', () => {
    const result = fromOruk(JSON.parse(JSON.stringify(published)), {
      ...context,
      defaults: { ...context.defaults, levels: [], categories: [], countywide: false },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { contacts, locations, ...rest } = result.content;
    const { contacts: c0, locations: l0, ...expected } = content;
    expect(rest).toEqual(expected);
    expect(contacts).toEqual([{ id: contacts[0]!.id, name: 'Jo', title: 'Youth worker' }]);
    expect(
      locations.map(({ id: _, schedules, ...l }) => ({ ...l, schedules: schedules.map(({ id: __, ...s }) => s) })),
    ).toEqual(l0.map(({ id: _, schedules, ...l }) => ({ ...l, schedules: schedules.map(({ id: __, ...s }) => s) })));
    expect(c0).toHaveLength(1);
  });

  it('is rejected, with every reason, when nothing matches and the form gives no defaults', () => {
    const bare = {
      ...published,
      attributes: [],
      service_areas: [],
      service_at_locations: [],
      organization: { id: ORG, name: 'Somebody else' },
    };
    const result = fromOruk(bare, {
      ...context,
      defaults: { levels: [], categories: [], countywide: false, accessRoute: 'via-hub', deliveryModes: [] },
    });
    expect(!result.ok && result.reasons).toEqual([
      'Its organisation, “Somebody else”, is not one of Hearth’s: add it on the Organisations page, or choose an organisation on the import form',
      'It has no level of need Hearth knows, and the import form gave none to use',
      'It has no category Hearth knows, and the import form gave none to use',
      'It does not say which districts it covers in words Hearth knows: choose “the whole area” on the import form to import such services',
      'It has no physical location, and the import form gave no other way it is delivered',
    ]);
  });

  it('is rejected when it is not an ORUK service at all', () => {
    expect(fromOruk({ id: 'x', name: 42 }, context, 'Listed name')).toEqual({
      ok: false,
      externalId: 'x',
      name: 'Listed name',
      reasons: ['It is not an Open Referral UK service: name has the wrong type'],
    });
    expect(fromOruk(null, context, 'Listed')).toMatchObject({ ok: false, name: 'Listed' });
  });
});

describe('the address of the API', () => {
  it('is kept as its base address, whatever is typed around it', () => {
    expect(sourceKey(normaliseSourceUrl(' https://Example.ORG/api/oruk/ '))).toBe('https://example.org/api/oruk');
    expect(sourceKey(normaliseSourceUrl('https://example.org/api/oruk/services?page=2#x'))).toBe(
      'https://example.org/api/oruk',
    );
    expect(sourceKey(normaliseSourceUrl('http://example.org'))).toBe('http://example.org');
  });

  it.each([
    ['example.org/api', 'Enter the API’s full web address, like https://example.org/api/oruk'],
    ['ftp://example.org/api', 'Enter a web address that starts with https:// or http://'],
    ['file:///etc/passwd', 'Enter a web address that starts with https:// or http://'],
    ['https://user:secret@example.org/api', 'Enter the address without a user name or password'],
  ])('refuses %s', (url, message) => {
    expect(() => normaliseSourceUrl(url)).toThrow(new TransferError('url', message));
  });
});
