import { sql } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { computedIndicator, dayIn, instantIn } from '../../platform/indicators/counting.ts';

/**
 * Issue 16's workforce figures: places booked and attended by agency type, the attendance rate, the confidence gained
 * (the evaluation straight after), impact-on-practice returns (the follow-up) and champions per quadrant. Counts and
 * scores only, never a name. The agency is the booker's organisation type when they booked.
 */
const ATTENDANCE = {
  attended: 'Attended',
  'did-not-attend': 'Did not attend',
  'cancelled-late': 'Cancelled late',
  'not-recorded': 'Not recorded yet',
};
const agency = sql`coalesce((select t.name from organisation_types t where t.code = b.organisation_type), b.organisation_type)`;
const quadrantName = (column: string) => sql`(select q.name from quadrants q where q.code = ${sql.ref(column)})`;

export const trainingPlaces = computedIndicator({
  key: 'training.places',
  version: 1,
  name: 'Multi-agency training: places taken',
  unit: 'count',
  polarity: 'higher-is-better',
  howCounted:
    'Places taken on the multi-agency training sessions held in the period (by when each session started, in ' +
    'England’s time), not counting sessions cancelled, places cancelled before the session or the waiting list. By ' +
    'agency: the type of the organisation of the person who booked, when they booked. By attendance: as the ' +
    'trainer recorded it (attended, did not attend, cancelled late), or not recorded yet. By quadrant: where the ' +
    'session was held (online sessions for the whole county are “not known”).',
  measure: 'count',
  breakdowns: {
    agency: { labelColumn: true },
    attendance: { labels: ATTENDANCE },
    quadrant: { labelColumn: true },
  },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select b.organisation_type as b_agency, ${agency} as l_agency,
        coalesce(b.attendance, 'not-recorded') as b_attendance,
        s.quadrant_code as b_quadrant, ${quadrantName('s.quadrant_code')} as l_quadrant
      from training_bookings b join training_sessions s on s.id = b.session_id
      where b.status = 'booked' and s.status = 'scheduled' and ${instantIn('s.starts_at', period)}`,
});

export const trainingAttendanceRate = computedIndicator({
  key: 'training.attendance-rate',
  version: 1,
  name: 'Multi-agency training: attendance rate',
  unit: 'percentage',
  polarity: 'higher-is-better',
  howCounted:
    'Of the places taken on sessions held in the period (by when each session started, in England’s time) whose ' +
    'attendance the trainer has recorded, the percentage attended; did not attend and cancelled late count against. ' +
    'Places not yet recorded are left out. By agency: the type of the booker’s organisation when they booked; by ' +
    'quadrant: where the session was held.',
  measure: 'percentage',
  breakdowns: { agency: { labelColumn: true }, quadrant: { labelColumn: true } },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select b.organisation_type as b_agency, ${agency} as l_agency,
        s.quadrant_code as b_quadrant, ${quadrantName('s.quadrant_code')} as l_quadrant,
        b.attendance = 'attended' as hit
      from training_bookings b join training_sessions s on s.id = b.session_id
      where b.status = 'booked' and s.status = 'scheduled' and b.attendance is not null
        and ${instantIn('s.starts_at', period)}`,
});

export const trainingConfidenceGain = computedIndicator({
  key: 'training.confidence-gain',
  version: 1,
  name: 'Multi-agency training: confidence gained',
  unit: 'count',
  polarity: 'higher-is-better',
  howCounted:
    'The mean gain in confidence (1 to 5, after the session less before it, so from -4 to 4) in the evaluations ' +
    'given straight after a session, by when each evaluation was given in England’s time. By agency: the type of ' +
    'the organisation of the person evaluating, when they booked; by theme: the course’s theme code. Only people ' +
    'recorded as having attended can give an evaluation.',
  measure: 'mean',
  breakdowns: { agency: { labelColumn: true }, theme: {} },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select b.organisation_type as b_agency, ${agency} as l_agency, c.theme as b_theme,
        (e.confidence_after - e.confidence_before) as amount
      from training_evaluations e join training_bookings b on b.id = e.booking_id
        join training_sessions s on s.id = b.session_id join training_courses c on c.id = s.course_id
      where e.kind = 'after' and ${instantIn('e.created_at', period)}`,
});

export const trainingImpactReturns = computedIndicator({
  key: 'training.impact-returns',
  version: 1,
  name: 'Multi-agency training: impact on practice returned',
  unit: 'percentage',
  polarity: 'higher-is-better',
  howCounted:
    'Of the follow-up evaluations that fell due in the period (some months after the session, the interval in the ' +
    'tenant’s training file; the day each fell due), the percentage the attendee has returned, saying how the ' +
    'training changed their practice. Counted now: a return made after the period still counts. By agency: the type ' +
    'of the attendee’s organisation when they booked.',
  measure: 'percentage',
  breakdowns: { agency: { labelColumn: true } },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select b.organisation_type as b_agency, ${agency} as l_agency,
        exists (select 1 from training_evaluations e where e.booking_id = b.id and e.kind = 'follow-up') as hit
      from training_follow_ups f join training_bookings b on b.id = f.booking_id
      where ${dayIn('f.due_on', period)}`,
});

export const trainingChampions = computedIndicator({
  key: 'training.champions',
  version: 1,
  name: 'Practitioner champions',
  unit: 'count',
  polarity: 'higher-is-better',
  howCounted:
    'Practitioner champions (the Child Exploitation and Domestic Abuse networks, the tenant’s list) serving on the ' +
    'last day of the period: started on or before it, and not ended before it. By quadrant: the quadrant each ' +
    'champion serves; by network. A quadrant missing from the breakdown has no champion: a gap to fill.',
  measure: 'count',
  breakdowns: { quadrant: { labelColumn: true }, network: {} },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select c.quadrant_code as b_quadrant, ${quadrantName('c.quadrant_code')} as l_quadrant, c.network as b_network
      from training_champions c
      where c.started_on < cast(${period.to} as date)
        and (c.ended_on is null or c.ended_on >= cast(${period.to} as date) - 1)`,
});

export const trainingIndicators: readonly ComputedIndicator[] = [
  trainingPlaces,
  trainingAttendanceRate,
  trainingConfidenceGain,
  trainingImpactReturns,
  trainingChampions,
];
