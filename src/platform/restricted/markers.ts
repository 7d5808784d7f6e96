import type { Principal } from '../permissions/policy.ts';

/** One restricted record about a person, as a page that shows the person may mention it. */
export interface RestrictedMarker {
  personId: string;
  /** What kind of record, in the partnership's words: "Exploitation concern", "MACE 1 case". */
  kind: string;
  /** The record's page, for a viewer the policy lets see it; null for anyone else. */
  href: string | null;
  /** Whom to ask, for a viewer who may not see it (the tenant's words). */
  askAbout: string;
}

/** A module's restricted records about any of these people, each decided for this viewer. */
export type RestrictedSource = (personIds: readonly string[], viewer: Principal) => Promise<RestrictedMarker[]>;

/**
 * Where a child's restricted records (exploitation concerns, MACE cases) show on the pages that show the child
 * (issue 13: "anyone else who opens the child sees only that a restricted record exists and whom to ask"). Each
 * module with restricted records registers a source once, where services are built; a page asks for its people in
 * one call. A viewer who may see a record gets its link; anyone else only its kind and whom to ask.
 */
export class RestrictedMarkers {
  private readonly sources: RestrictedSource[] = [];

  register(source: RestrictedSource) {
    this.sources.push(source);
  }

  async forPeople(personIds: readonly (string | null)[], viewer: Principal): Promise<RestrictedMarker[]> {
    const ids = [...new Set(personIds.filter((id): id is string => Boolean(id)))];
    if (!ids.length) return [];
    return (await Promise.all(this.sources.map((source) => source(ids, viewer)))).flat();
  }
}
