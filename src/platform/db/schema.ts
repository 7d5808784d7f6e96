/**
 * Moved to ./schema/index.ts (one file per area). This re-export keeps branches started before the split
 * compiling; import from './schema/index.ts' in new code. Remove once no branch imports it.
 */
export type * from './schema/index.ts';
