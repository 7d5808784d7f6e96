import { pageField } from '../../platform/views/pagination.ts';
import { z } from 'zod';
import { versionField } from '../../platform/views/fields.ts';
import { ROLES } from '../../platform/permissions/roles.ts';

const list = (inner: z.ZodType) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(inner));
const uuid = z.string().uuid('Select an organisation from the list');

export const userSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, 'Enter the person’s full name')
    .max(200, 'Full name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .min(1, 'Enter their work email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.org'),
  organisationId: z.string().min(1, 'Select their organisation').pipe(uuid),
  roles: list(z.enum(ROLES, { message: 'Select roles from the list' })).pipe(
    z.array(z.enum(ROLES)).min(1, 'Select at least one role').max(ROLES.length),
  ),
  teamIds: list(z.string().uuid('Select teams from the list')).pipe(
    z.array(z.string()).max(50, 'Select 50 teams or fewer'),
  ),
});

export const userEditSchema = userSchema.omit({ email: true }).extend({
  version: versionField(),
  isActive: z.preprocess((v) => v === 'yes', z.boolean()),
});

/** What "Add a user" may start with, from a link (a practitioner in a TAF without an account): shown, not trusted. */
export const userPrefillSchema = z.object({
  displayName: z.string().trim().max(100).optional(),
  email: z.string().trim().max(254).optional(),
  organisationId: z.string().trim().max(100).optional(),
});

export const userSearchSchema = z.object({
  q: z.string().trim().max(200).optional().default(''),
  page: pageField().catch(1),
});
