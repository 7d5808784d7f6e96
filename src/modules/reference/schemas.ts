import { z } from 'zod';
import { versionField } from '../../platform/views/fields.ts';

const name = (what: string) =>
  z.string().trim().min(1, `Enter the ${what} name`).max(200, `The ${what} name must be 200 characters or fewer`);
const code = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter a short code')
  .max(60, 'The code must be 60 characters or fewer')
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'The code can only contain letters, numbers and single hyphens, like essex-police',
  );
const version = versionField();
const checkbox = z.preprocess(
  (v) => v === 'yes' || v === 'true' || (Array.isArray(v) && v.includes('yes')),
  z.boolean(),
);

export const organisationSchema = z.object({
  name: name('organisation'),
  code,
  typeCode: z.string().min(1, 'Select the type of organisation').max(60),
});

export const organisationEditSchema = organisationSchema.omit({ code: true }).extend({ version, isActive: checkbox });

export const teamSchema = z.object({
  name: name('team'),
  code,
  districts: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().max(60)).max(50),
  ),
});

export const teamEditSchema = teamSchema.omit({ code: true }).extend({ version, isActive: checkbox });
