import { v5 } from 'uuid';

/**
 * Taxonomy and term ids are UUIDs derived from their codes, so they are the same in every
 * deployment of the same tenant: an ORUK reader can rely on them across imports and restarts.
 */
const NAMESPACE = 'f1c9b7a2-4a55-4d57-9a43-6f1e0d9b7c11';

export const CATEGORY_TAXONOMY = 'hearth-categories';
export const WINDSCREEN_TAXONOMY = 'effective-support-windscreen';

export const taxonomyId = (tenant: string, taxonomy: string) => v5(`${tenant}/${taxonomy}`, NAMESPACE);
export const termId = (tenant: string, taxonomy: string, term: string) =>
  v5(`${tenant}/${taxonomy}/${term}`, NAMESPACE);
/** Ids for nested ORUK objects that Hearth does not store separately (addresses, phones…). */
export const derivedId = (parentId: string, kind: string) => v5(`${parentId}/${kind}`, NAMESPACE);
export const levelCode = (level: number) => `level-${level}`;
