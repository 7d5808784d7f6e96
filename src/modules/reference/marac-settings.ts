import { z } from 'zod';

/**
 * MARAC (issue 15; seed 002: "a twice daily meeting of dedicated multi agency professionals"). The agencies that sit
 * at every meeting and whose representatives research each case (seed 002 names Essex Police, Essex County Council,
 * the IDVA Service, Substance Misuse, Health and the National Probation Service; the issue adds housing and
 * education), each with the organisations whose MARAC representatives speak for it; the thresholds that make a case
 * high risk; when a referral is a repeat; the meeting slots; and whom to ask about a case one may not see.
 */
const code = z.string().regex(/^[a-z0-9-]+$/);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const maracSettingsSchema = z.object({
  agencies: z
    .array(
      z.object({
        code,
        name: z.string().min(1).max(200),
        /** The tenant's organisation codes whose MARAC representatives research for this agency. */
        organisations: z.array(code).max(50).default([]),
      }),
    )
    .min(1)
    .max(30)
    .default([
      { code: 'police', name: 'Police', organisations: [] },
      { code: 'social-care', name: 'Children’s social care', organisations: [] },
      { code: 'health', name: 'Health', organisations: [] },
      { code: 'idva', name: 'IDVA service', organisations: [] },
      { code: 'probation', name: 'Probation', organisations: [] },
      { code: 'substance-misuse', name: 'Substance misuse', organisations: [] },
      { code: 'housing', name: 'Housing', organisations: [] },
      { code: 'education', name: 'Education', organisations: [] },
    ]),
  /** The DASH risk checklist: this many ticks of its 24 questions or more is high risk. */
  highRiskTicks: z.number().int().min(1).max(24).default(14),
  /** Escalation: this many police call-outs for domestic abuse within `escalationMonths` makes a case high risk. */
  escalationCallouts: z.number().int().min(1).max(50).default(3),
  escalationMonths: z.number().int().min(1).max(36).default(12),
  /** A referral within this many months of an earlier one about the same victim is a repeat. */
  repeatMonths: z.number().int().min(1).max(60).default(12),
  /** The meetings: their slots each day (London time) and the days they sit. */
  meetings: z
    .object({
      slots: z
        .array(z.object({ code, name: z.string().min(1).max(100), time }))
        .min(1)
        .max(6)
        .default([
          { code: 'morning', name: 'Morning meeting', time: '10:00' },
          { code: 'afternoon', name: 'Afternoon meeting', time: '14:00' },
        ]),
      days: z.enum(['weekdays', 'every-day']).default('weekdays'),
      /** A case referred less than this many hours before a meeting goes on the one after, so agencies can research. */
      researchHours: z.number().min(0).max(72).default(2),
    })
    .default({
      slots: [
        { code: 'morning', name: 'Morning meeting', time: '10:00' },
        { code: 'afternoon', name: 'Afternoon meeting', time: '14:00' },
      ],
      days: 'weekdays',
      researchHours: 2,
    }),
  /** Whom someone who may not see a MARAC case is told to ask. */
  askAbout: z.string().min(1).max(200).default('the MARAC coordinators'),
  note: z.string().optional(),
});
export type MaracSettings = z.infer<typeof maracSettingsSchema>;
