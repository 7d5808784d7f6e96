import { z } from 'zod';

/**
 * One Directory of Services entry as a provider enters it. Every version of a service stores
 * this whole object, so what was live at any time can be shown again. Field names follow
 * HSDS / Open Referral UK 3.0 where there is one (see oruk.ts for the mapping).
 */

export const DELIVERY_MODES = ['in-person', 'online', 'phone'] as const;
export const DELIVERY_MODE_NAMES: Record<(typeof DELIVERY_MODES)[number], string> = {
  'in-person': 'In person',
  online: 'Online',
  phone: 'By phone',
};

export const ACCESS_ROUTES = ['self-referral', 'professional-referral', 'via-hub'] as const;
export const ACCESS_ROUTE_NAMES: Record<(typeof ACCESS_ROUTES)[number], string> = {
  'self-referral': 'Families can contact the service themselves',
  'professional-referral': 'A professional refers the family',
  'via-hub': 'Through a Request for Support to the Children and Families Hub',
};

export const SERVICE_STATUSES = ['active', 'inactive', 'temporarily closed'] as const;

const uuid = z.string().uuid();
const text = (max: number) => z.string().trim().max(max);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time like 09:30');
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export const scheduleSchema = z.object({
  id: uuid,
  byday: z.array(z.enum(DAYS)).min(1),
  opensAt: time,
  closesAt: time,
  description: text(500).optional(),
});

export const locationSchema = z.object({
  id: uuid,
  name: text(200).min(1),
  address1: text(200).min(1),
  city: text(100).min(1),
  postcode: text(10).min(1),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  schedules: z.array(scheduleSchema).max(20).default([]),
});

export const contactSchema = z.object({
  id: uuid,
  name: text(200).optional(),
  title: text(200).optional(),
  phone: text(40).optional(),
  email: z.string().trim().email().max(254).optional(),
});

export const serviceContentSchema = z
  .object({
    name: text(200).min(1),
    description: text(5000).min(1),
    url: z.string().url().max(500).optional(),
    email: z.string().trim().email().max(254).optional(),
    status: z.enum(SERVICE_STATUSES).default('active'),
    /** Who the service is for, in plain words. */
    eligibility: text(2000).optional(),
    minimumAge: z.number().int().min(0).max(25).optional(),
    maximumAge: z.number().int().min(0).max(25).optional(),
    isFree: z.boolean(),
    fees: text(1000).optional(),
    accessRoute: z.enum(ACCESS_ROUTES),
    howToAccess: text(2000).optional(),
    /** Shown only to signed-in practitioners, never to the public or in the open API. */
    professionalsOnly: z.boolean().default(false),
    deliveryModes: z.array(z.enum(DELIVERY_MODES)).min(1),
    /** Effective Support Windscreen levels (1-4) the service works at. */
    levels: z.array(z.number().int().min(1).max(9)).min(1),
    /** Category codes from the tenant's directory categories. */
    categories: z.array(z.string().min(1).max(60)).min(1),
    /** District codes the service covers; empty with countywide true means the whole authority. */
    districts: z.array(z.string().min(1).max(60)).default([]),
    countywide: z.boolean().default(false),
    languages: z.array(text(60).min(1)).default(['English']),
    contacts: z.array(contactSchema).max(20).default([]),
    locations: z.array(locationSchema).max(50).default([]),
  })
  .refine((c) => c.minimumAge === undefined || c.maximumAge === undefined || c.minimumAge <= c.maximumAge, {
    path: ['maximumAge'],
    message: 'The oldest age must be the same as or more than the youngest age',
  })
  .refine((c) => c.countywide || c.districts.length > 0, {
    path: ['districts'],
    message: 'Select the districts the service covers, or that it covers the whole area',
  });

export type ServiceContent = z.infer<typeof serviceContentSchema>;
export type ServiceLocation = z.infer<typeof locationSchema>;
