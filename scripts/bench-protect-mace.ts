/**
 * MACE 1 for the Protect benchmark (scripts/bench-protect.ts): 2,000 cases over five years across the quadrants,
 * drawn from the generated children, a monthly meeting per quadrant with each case discussed at the meetings while
 * it was open (its agencies' information and a protection plan of three actions), most cases exited, the rest open
 * and due for review; and next week's meeting in the West quadrant, whose agenda the benchmark opens.
 */
import { prng } from './generate-directory.ts';
import type { ProtectData, Row } from './generate-protect.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

function uuid(random: () => number): string {
  const h = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

export const MACE1_TABLES: { table: string; columns: [string, string][] }[] = [
  {
    table: 'mace1_cases',
    columns: [
      ['id', 'uuid'],
      ['kind', 'text'],
      ['child_first_name', 'text'],
      ['child_last_name', 'text'],
      ['child_date_of_birth', 'date'],
      ['district_id', 'uuid'],
      ['quadrant_id', 'uuid'],
      ['why', 'text'],
      ['agencies', 'text'],
      ['status', 'text'],
      ['risk_level', 'text'],
      ['review_on', 'date'],
      ['exit_reason', 'text'],
      ['exited_on', 'date'],
      ['opened_on', 'date'],
      ['opened_by', 'uuid'],
    ],
  },
  {
    table: 'mace1_meetings',
    columns: [
      ['id', 'uuid'],
      ['quadrant_id', 'uuid'],
      ['starts_at', 'timestamptz'],
      ['place', 'text'],
      ['chair', 'text'],
    ],
  },
  {
    table: 'mace1_discussions',
    columns: [
      ['meeting_id', 'uuid'],
      ['case_id', 'uuid'],
      ['summary', 'text'],
      ['risk_level', 'text'],
      ['outcome', 'text'],
      ['next_review_on', 'date'],
      ['exit_reason', 'text'],
    ],
  },
  {
    table: 'mace1_agency_information',
    columns: [
      ['id', 'uuid'],
      ['case_id', 'uuid'],
      ['meeting_id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['information', 'text'],
      ['recorded_by', 'uuid'],
    ],
  },
  {
    table: 'mace1_plan_actions',
    columns: [
      ['id', 'uuid'],
      ['case_id', 'uuid'],
      ['meeting_id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['action', 'text'],
      ['owner', 'text'],
      ['due_on', 'date'],
      ['status', 'text'],
    ],
  },
];

export interface MaceRefs {
  /** District id and its quadrant id, by district code. */
  districts: Record<string, { id: string; quadrantId: string }>;
  quadrants: Record<string, string>;
  coordinator: string;
  member: string;
  police: string;
}

export function protectMace1(
  data: ProtectData,
  options: { today: string; cases: number; refs: MaceRefs },
): { tables: Record<string, Row[]>; westMeeting: string; open: number } {
  const random = prng(11);
  const today = Date.parse(`${options.today}T10:00:00Z`);
  const start = today - 5 * 365 * DAY;
  const tables: Record<string, Row[]> = Object.fromEntries(MACE1_TABLES.map((t) => [t.table, []]));
  // A meeting per quadrant on the first Tuesday-ish of each month for five years, and next week's in the West.
  const meetings = new Map<string, { id: string; at: number }[]>();
  for (const [code, quadrantId] of Object.entries(options.refs.quadrants)) {
    const list: { id: string; at: number }[] = [];
    for (let at = start; at < today; at += 30 * DAY) {
      const id = uuid(random);
      list.push({ id, at });
      tables.mace1_meetings!.push({
        id,
        quadrant_id: quadrantId,
        starts_at: iso(at),
        place: `${code} police station`,
        chair: 'DI Cole',
      });
    }
    meetings.set(quadrantId, list);
  }
  const westMeeting = uuid(random);
  tables.mace1_meetings!.push({
    id: westMeeting,
    quadrant_id: options.refs.quadrants.west!,
    starts_at: iso(today + 7 * DAY),
    place: 'Harlow Civic Centre',
    chair: 'DI Cole',
  });
  let open = 0;
  for (let i = 0; i < options.cases; i++) {
    const child = data.children[Math.floor(random() * data.children.length)]!;
    const district = options.refs.districts[child.district]!;
    const opened = start + random() * (today - 14 * DAY - start);
    const months = 2 + Math.floor(random() * 10);
    const closes = opened + months * 30 * DAY;
    const exited = closes < today - 14 * DAY;
    if (!exited) open++;
    const caseId = uuid(random);
    const risk = (['high', 'medium', 'low'] as const)[Math.floor(random() * 3)]!;
    tables.mace1_cases!.push({
      id: caseId,
      kind: random() < 0.85 ? 'at-risk' : 'exploiting-peers',
      child_first_name: child.firstName,
      child_last_name: child.lastName,
      child_date_of_birth: child.dateOfBirth,
      district_id: district.id,
      quadrant_id: district.quadrantId,
      why: 'Seen with older males at the station; found in a flat in London; new phones.',
      agencies: 'Police, school, youth service',
      status: exited ? 'exited' : 'open',
      risk_level: risk,
      // Open cases come due over the next weeks, so each meeting's agenda has some.
      review_on: exited ? day(closes) : day(today + (random() * 40 - 10) * DAY),
      exit_reason: exited ? 'risk-reduced' : null,
      exited_on: exited ? day(closes) : null,
      opened_on: day(opened),
      opened_by: options.refs.coordinator,
    });
    const held = (meetings.get(district.quadrantId) ?? []).filter((m) => m.at >= opened && m.at <= closes);
    for (const [k, m] of held.entries()) {
      const last = exited && k === held.length - 1;
      tables.mace1_discussions!.push({
        meeting_id: m.id,
        case_id: caseId,
        summary: 'Agencies shared what they know; the plan continues.',
        risk_level: risk,
        outcome: last ? 'exit' : 'review',
        next_review_on: last ? null : day(m.at + 30 * DAY),
        exit_reason: last ? 'risk-reduced' : null,
      });
      tables.mace1_agency_information!.push({
        id: uuid(random),
        case_id: caseId,
        meeting_id: m.id,
        organisation_id: options.refs.police,
        information: 'Stopped twice with cash; linked to a county line.',
        recorded_by: options.refs.member,
      });
    }
    for (let a = 0; a < 3; a++)
      tables.mace1_plan_actions!.push({
        id: uuid(random),
        case_id: caseId,
        meeting_id: held[0]?.id ?? null,
        organisation_id: options.refs.police,
        action: ['Serve a warning notice', 'Safety plan with the school', 'Weekly youth worker visit'][a]!,
        owner: 'DC Khan',
        due_on: day(opened + (a + 1) * 14 * DAY),
        status: exited || random() < 0.5 ? 'done' : 'in-progress',
      });
  }
  return { tables, westMeeting, open };
}
