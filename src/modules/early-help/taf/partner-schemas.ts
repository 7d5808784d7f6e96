import { z } from 'zod';
import { nameField } from '../../people/index.ts';

/**
 * Adding a practitioner who does not use Hearth to a family's Team Around the Family (issue 17, item 11): their
 * name (the names rule), their role, their organisation (one Hearth knows, or its name), their email (to be
 * invited to meetings) and, if they give one, a phone number. Which meetings already arranged to invite them to
 * are checked against the episode by the service.
 */
const EMAIL = 'Enter an email address in the correct format, like name@example.com';
const PHONE = 'Enter a phone number, like 01632 960 001 or 07700 900 982';
/** Checkboxes: absent, one value (a string) or several (an array). */
const ticked = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().trim().max(100, 'Choose meetings from the list')).max(100, 'Choose meetings from the list'),
);
const partnerFields = {
  name: nameField({ label: 'their full name', empty: 'Enter their full name' }),
  role: z
    .string()
    .trim()
    .min(1, 'Enter their role, like school nurse or health visitor')
    .max(100, 'Their role must be 100 characters or fewer'),
  organisationId: z.string().trim().max(100, 'Select their organisation from the list'),
  organisationName: z.string().trim().max(200, 'The organisation’s name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .min(1, 'Enter their email address, so they can be invited to meetings')
    .max(254, 'Their email address must be 254 characters or fewer')
    .refine((v) => v === '' || v.length > 254 || z.email().safeParse(v).success, EMAIL),
  phone: z
    .string()
    .trim()
    .max(30, PHONE)
    .refine((v) => v === '' || (/^\+?[0-9 ()-]+$/.test(v) && v.replace(/\D/g, '').length >= 10), PHONE),
  meetings: ticked,
};
export const PARTNER_ORDER = ['name', 'role', 'organisationId', 'organisationName', 'email', 'phone', 'meetings'];

export const partnerSchema = z
  .object(partnerFields)
  .superRefine(
    (v, ctx) => {
      if (!v.organisationId && !v.organisationName)
        ctx.addIssue({
          code: 'custom',
          path: ['organisationId'],
          message: 'Select their organisation, or enter its name if it is not in the list',
        });
    },
    // Every problem at once, also when a field above has its own.
    { when: () => true },
  )
  .transform((v) => ({
    name: v.name,
    role: v.role,
    organisationId: v.organisationId || null,
    organisationName: v.organisationId ? null : v.organisationName,
    email: v.email.toLowerCase(),
    phone: v.phone || null,
    meetingIds: [...new Set(v.meetings.filter(Boolean))],
  }));
export type PartnerInput = z.output<typeof partnerSchema>;
