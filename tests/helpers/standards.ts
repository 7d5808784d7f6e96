import { fileURLToPath } from 'node:url';

/**
 * The Open Referral UK 3.0 standard as published (schemas, OpenAPI document, examples), kept in the
 * repository under standards/oruk-3.0 with its CC BY-SA 4.0 licence: tests check against it.
 */
export const ORUK_STANDARD = fileURLToPath(new URL('../../standards/oruk-3.0/', import.meta.url));
