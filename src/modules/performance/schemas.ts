import { z } from 'zod';
import type { IndicatorUnit } from '../../platform/db/schema/index.ts';
import { LARGEST_VALUE } from './imports/check.ts';
import { versionField } from '../../platform/views/fields.ts';
import { pageField } from '../../platform/views/pagination.ts';

/** The forms of the performance pages, one schema each (zod at the edge). */

/** A target or tolerance as typed: blank is "none"; "1,500" is 1500. */
const optionalNumber = (label: string, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => v.replace(/,(?=\d{3}(\D|$))/g, ''))
    .refine((v) => v === '' || /^\d+(\.\d+)?$/.test(v), `The ${label} must be a number, like 95 or 12.5`)
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || v <= max, `The ${label} must be ${max.toLocaleString('en-GB')} or less`);

export const targetSchema = (unit: IndicatorUnit) =>
  z
    .object({
      version: versionField(),
      target: optionalNumber('target', unit === 'percentage' ? 100 : LARGEST_VALUE),
      tolerance: optionalNumber('tolerance', unit === 'percentage' ? 100 : LARGEST_VALUE),
    })
    .superRefine((v, ctx) => {
      if (v.target === null && v.tolerance !== null)
        ctx.addIssue({
          code: 'custom',
          path: ['tolerance'],
          message: 'Set a target before a tolerance, or clear both',
        });
    });

export const commentarySchema = z.object({
  period: z.string().trim().min(1, 'Select the period the commentary is about').max(20),
  body: z.string().trim().min(1, 'Enter the commentary').max(4000, 'Commentary must be 4,000 characters or fewer'),
});

export const importSchema = z.object({
  indicator: z.string().trim().min(1, 'Select the indicator the file is for').max(100),
});

/** The period an indicator page breaks down (`?period=2026-27 Q1`): one of the page's own, else the latest. */
export const breakdownQuerySchema = z.object({ period: z.string().trim().max(20).optional() });

/** The drill-down's query: the period as the indicator names it, an area code, the page of the list. */
export const recordsQuerySchema = z.object({
  period: z.string({ error: 'The link must name a period' }).trim().min(1, 'The link must name a period').max(20),
  area: z.string().trim().max(40).default(''),
  page: pageField(),
});
