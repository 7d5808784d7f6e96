import { z } from 'zod';

/** Anything typed is kept and escaped when shown; only control characters (other than new lines and tabs) are refused. */
export const hasControl = (v: string) =>
  [...v].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 32 && c !== '\n' && c !== '\r' && c !== '\t') || code === 127;
  });

/** A police notification's text field: trimmed, at most `max` characters, no control characters. */
export const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .refine((v) => !hasControl(v), `${label} must not contain control characters`);
