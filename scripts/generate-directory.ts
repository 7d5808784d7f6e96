/**
 * Realistic, deterministic Directory of Services entries for tests and benchmarks:
 * generateServices(count, seed) always returns the same services for the same arguments.
 * Names, towns, postcodes, categories, levels and ages follow the Essex tenant file.
 */
import { v5 } from 'uuid';
import type { ServiceContent } from '../src/modules/directory/content.ts';

export interface GeneratedService {
  /** Code of an organisation seeded from config/tenants/essex.json. */
  organisationCode: string;
  content: ServiceContent;
}

const NAMESPACE = '0b6c3f0e-2f7d-4a8e-9c1b-5d2e7a9f4c30';

/** A small, fast PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Towns with their district code, postcode districts and a few street names. */
export const TOWNS = [
  {
    town: 'Chelmsford',
    district: 'chelmsford',
    outward: ['CM1', 'CM2'],
    streets: ['Moulsham Street', 'Duke Street', 'Springfield Road', 'Broomfield Road'],
  },
  {
    town: 'South Woodham Ferrers',
    district: 'chelmsford',
    outward: ['CM3'],
    streets: ['Hullbridge Road', 'Merchant Street'],
  },
  {
    town: 'Colchester',
    district: 'colchester',
    outward: ['CO1', 'CO2', 'CO3', 'CO4'],
    streets: ['High Street', 'Magdalen Street', 'Lexden Road', 'Greenstead Road'],
  },
  { town: 'Tiptree', district: 'colchester', outward: ['CO5'], streets: ['Church Road', 'Maypole Road'] },
  {
    town: 'Clacton-on-Sea',
    district: 'tendring',
    outward: ['CO15', 'CO16'],
    streets: ['Station Road', 'Pier Avenue', 'Old Road'],
  },
  { town: 'Harwich', district: 'tendring', outward: ['CO12'], streets: ['Main Road', 'Fronks Road'] },
  { town: 'Frinton-on-Sea', district: 'tendring', outward: ['CO13'], streets: ['Connaught Avenue'] },
  {
    town: 'Basildon',
    district: 'basildon',
    outward: ['SS13', 'SS14', 'SS15', 'SS16'],
    streets: ['Southernhay', 'Town Square', 'Clay Hill Road', 'Whitmore Way'],
  },
  { town: 'Wickford', district: 'basildon', outward: ['SS11', 'SS12'], streets: ['High Street', 'London Road'] },
  { town: 'Billericay', district: 'basildon', outward: ['CM11', 'CM12'], streets: ['High Street', 'Western Road'] },
  {
    town: 'Brentwood',
    district: 'brentwood',
    outward: ['CM13', 'CM14', 'CM15'],
    streets: ['Ongar Road', 'Kings Road', 'Shenfield Road'],
  },
  { town: 'Canvey Island', district: 'castle-point', outward: ['SS8'], streets: ['Long Road', 'Furtherwick Road'] },
  { town: 'Benfleet', district: 'castle-point', outward: ['SS7'], streets: ['High Road', 'Kiln Road'] },
  { town: 'Rayleigh', district: 'rochford', outward: ['SS6'], streets: ['High Street', 'Eastwood Road'] },
  { town: 'Rochford', district: 'rochford', outward: ['SS4'], streets: ['South Street', 'West Street'] },
  { town: 'Hockley', district: 'rochford', outward: ['SS5'], streets: ['Spa Road'] },
  {
    town: 'Braintree',
    district: 'braintree',
    outward: ['CM7', 'CM77'],
    streets: ['Coggeshall Road', 'Bocking End', 'Rayne Road'],
  },
  { town: 'Witham', district: 'braintree', outward: ['CM8'], streets: ['Newland Street', 'Collingwood Road'] },
  { town: 'Halstead', district: 'braintree', outward: ['CO9'], streets: ['Head Street', 'Colchester Road'] },
  { town: 'Maldon', district: 'maldon', outward: ['CM9'], streets: ['High Street', 'Wantz Road'] },
  { town: 'Burnham-on-Crouch', district: 'maldon', outward: ['CM0'], streets: ['Station Road'] },
  {
    town: 'Harlow',
    district: 'harlow',
    outward: ['CM17', 'CM18', 'CM19', 'CM20'],
    streets: ['The Stow', 'Broad Walk', 'Southern Way', 'First Avenue'],
  },
  { town: 'Epping', district: 'epping-forest', outward: ['CM16'], streets: ['High Street', 'Hemnall Street'] },
  { town: 'Loughton', district: 'epping-forest', outward: ['IG10'], streets: ['Traps Hill', 'High Road'] },
  { town: 'Waltham Abbey', district: 'epping-forest', outward: ['EN9'], streets: ['Sun Street', 'Highbridge Street'] },
  {
    town: 'Saffron Walden',
    district: 'uttlesford',
    outward: ['CB10', 'CB11'],
    streets: ['Ashdon Road', 'Debden Road'],
  },
  { town: 'Great Dunmow', district: 'uttlesford', outward: ['CM6'], streets: ['Stortford Road', 'High Street'] },
] as const;

/** What services are about: a category, the words their names use, typical ages and levels. */
const TOPICS = [
  {
    category: 'parenting',
    names: [
      'Parenting Support Group',
      'Parenting Teens Course',
      'Dads Matter',
      'Family Support Workers',
      'Positive Parenting Programme',
    ],
    ages: [0, 18],
    levels: [1, 2, 3],
  },
  {
    category: 'emotional-wellbeing',
    names: [
      'Counselling for Young People',
      'Wellbeing Café',
      'Anxiety Support Group',
      'Mindfulness for Teens',
      'Bereavement Support',
    ],
    ages: [8, 18],
    levels: [1, 2, 3],
  },
  {
    category: 'send',
    names: [
      'SEND Family Network',
      'Autism Support Group',
      'Short Breaks Club',
      'Inclusive Play Scheme',
      'ADHD Parent Workshops',
    ],
    ages: [0, 25],
    levels: [1, 2, 3],
  },
  {
    category: 'domestic-abuse',
    names: [
      'Domestic Abuse Outreach',
      'Freedom Programme',
      'Safe Relationships Project',
      'Children Affected by Domestic Abuse',
    ],
    ages: [0, 18],
    levels: [2, 3, 4],
  },
  {
    category: 'youth',
    names: ['Youth Club', 'Young Carers Club', 'Detached Youth Work', 'Youth Mentoring', 'Holiday Activities'],
    ages: [8, 19],
    levels: [1, 2],
  },
  {
    category: 'early-years',
    names: ['Stay and Play', 'Baby Massage', 'Rhymetime', 'Toddler Group', 'Breastfeeding Support'],
    ages: [0, 5],
    levels: [1, 2],
  },
  {
    category: 'money-and-housing',
    names: ['Money Advice', 'Housing Advice Surgery', 'Food Bank', 'Employment Support', 'Benefits Clinic'],
    ages: [null, null],
    levels: [1, 2],
  },
  {
    category: 'health',
    names: [
      'Healthy Lifestyles Programme',
      'School Nursing Drop-in',
      'Junior Swimming',
      'Sexual Health Clinic',
      'Healthy Weight Club',
    ],
    ages: [0, 19],
    levels: [1, 2],
  },
  {
    category: 'substance-use',
    names: ['Young People’s Drug and Alcohol Service', 'Family Recovery Group', 'Substance Misuse Outreach'],
    ages: [11, 24],
    levels: [2, 3],
  },
  {
    category: 'education',
    names: ['Homework Club', 'Education Access Drop-in', 'Reading Champions', 'Tuition Support', 'Attendance Support'],
    ages: [5, 16],
    levels: [1, 2],
  },
  {
    category: 'safety-and-exploitation',
    names: ['Exploitation Prevention Project', 'Online Safety Workshops', 'Missing Chats', 'County Lines Outreach'],
    ages: [10, 18],
    levels: [2, 3, 4],
  },
] as const;

const PROVIDERS = [
  'essex-county-council',
  'essex-child-and-family-wellbeing-service',
  'set-camhs',
  'ecvys',
  'childrens-society',
  'barnardos',
  'essex-family-forum',
  'eput',
  'chelmsford-city-council',
  'colchester-city-council',
  'basildon-borough-council',
  'harlow-council',
];
const QUALIFIERS = ['', '', '', 'Community', 'Family', 'Neighbourhood', 'Together', 'Bright Futures', 'Hope'];
const DESCRIPTIONS = [
  'Friendly sessions run by trained staff and volunteers.',
  'Practical help, advice and a listening ear for the whole family.',
  'Small groups that build confidence and connect families with others nearby.',
  'One-to-one support at home, in school or in the community.',
  'Information, advice and signposting to other local services.',
];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export function generateServices(count: number, seed: number): GeneratedService[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const id = (...parts: (string | number)[]) => v5(`${seed}/${parts.join('/')}`, NAMESPACE);
  const services: GeneratedService[] = [];
  for (let i = 0; i < count; i += 1) {
    const topic = pick(TOPICS);
    const second = chance(0.35) ? pick(TOPICS) : topic;
    const home = pick(TOWNS);
    const qualifier = pick(QUALIFIERS);
    const name = `${home.town} ${qualifier ? `${qualifier} ` : ''}${pick(topic.names)}`;
    const levels = [...new Set([pick(topic.levels), ...(chance(0.3) ? [pick(topic.levels)] : [])])].sort();
    const countywide = chance(0.12);
    const districts = countywide ? [] : [...new Set([home.district, ...(chance(0.25) ? [pick(TOWNS).district] : [])])];
    const [low, high] = topic.ages;
    const minimumAge = low === null ? undefined : low + (chance(0.3) ? Math.floor(random() * 3) : 0);
    const maximumAge =
      high === null ? undefined : Math.max(minimumAge ?? 0, high - (chance(0.3) ? Math.floor(random() * 3) : 0));
    const deliveryModes = [
      ...new Set([
        chance(0.85) ? 'in-person' : pick(['online', 'phone'] as const),
        ...(chance(0.3) ? [pick(['online', 'phone'] as const)] : []),
      ]),
    ] as ServiceContent['deliveryModes'];
    const locationCount = deliveryModes.includes('in-person') ? 1 + Math.floor(random() * (chance(0.2) ? 3 : 1)) : 0;
    const locations = Array.from({ length: locationCount }, (_, j) => {
      const place =
        j === 0
          ? home
          : pick(TOWNS.filter((t) => districts.length === 0 || (districts as string[]).includes(t.district)));
      const opens = 8 + Math.floor(random() * 10);
      return {
        id: id(i, 'location', j),
        name: `${place.town} ${pick(['Community Centre', 'Family Hub', 'Library', 'Youth Centre', 'Church Hall', 'Health Centre'])}`,
        address1: `${1 + Math.floor(random() * 120)} ${pick(place.streets)}`,
        city: place.town,
        postcode: `${pick(place.outward)} ${1 + Math.floor(random() * 9)}${pick([...LETTERS])}${pick([...LETTERS])}`,
        schedules: [
          {
            id: id(i, 'schedule', j),
            byday: [...new Set([pick(DAYS), pick(DAYS)])],
            opensAt: `${String(opens).padStart(2, '0')}:00`,
            closesAt: `${String(opens + 2).padStart(2, '0')}:30`,
          },
        ],
      };
    });
    const isFree = chance(0.8);
    services.push({
      organisationCode: pick(PROVIDERS),
      content: {
        name,
        description: `${name} helps children and families in ${home.town}. ${pick(DESCRIPTIONS)} ${pick(DESCRIPTIONS)}`,
        status: chance(0.95) ? 'active' : pick(['inactive', 'temporarily closed'] as const),
        eligibility:
          minimumAge === undefined
            ? 'Families and adults living nearby.'
            : `Children and young people aged ${minimumAge} to ${maximumAge}, and their families.`,
        minimumAge,
        maximumAge,
        isFree,
        fees: isFree ? undefined : `£${2 + Math.floor(random() * 8)} a session`,
        accessRoute:
          levels.includes(3) && chance(0.4)
            ? 'via-hub'
            : pick(['self-referral', 'self-referral', 'professional-referral'] as const),
        professionalsOnly: chance(0.05),
        deliveryModes,
        levels,
        categories: [...new Set([topic.category, second.category])],
        districts,
        countywide,
        languages: ['English'],
        contacts: [
          {
            id: id(i, 'contact'),
            phone: `01245 ${String(100000 + Math.floor(random() * 899999)).replace(/^(\d{3})/, '$1 ')}`,
            email: `service${i}@provider.example`,
          },
        ],
        locations,
      },
    });
  }
  return services;
}
