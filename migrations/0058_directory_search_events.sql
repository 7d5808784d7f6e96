-- Directory searches that found nothing (issue 14, indicator directory.searches-no-results): one row per search
-- run on the public "Find a service" page (its first page: turning pages is not a new search). Privacy first:
-- when, whether anything was found, and the filters chosen from the page's own lists (category codes, district
-- codes, a quadrant code, the levels), and whether words or a postcode were given, but never the words or the
-- postcode themselves, which may name a child, a family or an address.
CREATE TABLE directory_search_events (
  id uuid PRIMARY KEY,
  searched_at timestamptz NOT NULL DEFAULT now(),
  results integer NOT NULL CHECK (results >= 0),
  categories text[] NOT NULL DEFAULT '{}',
  districts text[] NOT NULL DEFAULT '{}',
  quadrant text,
  levels integer[] NOT NULL DEFAULT '{}',
  with_words boolean NOT NULL DEFAULT false,
  with_postcode boolean NOT NULL DEFAULT false
);
CREATE INDEX directory_search_events_searched_idx ON directory_search_events (searched_at);
