import { z } from 'zod';

const email = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.org');

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password').max(256, 'Password must be 256 characters or fewer'),
});

export const codeSchema = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/\s/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit code from your authenticator app')
        .regex(/^\d{6}$/, 'The code must be 6 digits'),
    ),
});

export const recoveryCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter one of your recovery codes')
    .max(40, 'Recovery codes are 12 letters and numbers, like K7QP-2M4X-H9TD'),
});

/** NCSC guidance: length over complexity rules; no maximum below 128 characters. */
export const setPasswordSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: z
      .string()
      .min(12, 'Password must be at least 12 characters. Three random words make a strong one.')
      .max(128, 'Password must be 128 characters or fewer'),
    confirm: z.string().min(1, 'Enter your password again'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match' });
