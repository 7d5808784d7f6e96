-- Directory of Services: services with every version kept (moderation), taxonomies (categories and the
-- Effective Support Windscreen levels, as ORUK taxonomy terms), a read model for search, and postcodes.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE directory_taxonomies (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  description text NOT NULL,
  uri text,
  version text
);

CREATE TABLE directory_taxonomy_terms (
  id uuid PRIMARY KEY,
  taxonomy_id uuid NOT NULL REFERENCES directory_taxonomies (id),
  code text NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  parent_id uuid REFERENCES directory_taxonomy_terms (id),
  term_order integer NOT NULL DEFAULT 0,
  UNIQUE (taxonomy_id, code)
);

CREATE TABLE directory_services (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- The approved version shown to the public and in the API; null until one is approved.
  live_version_id uuid,
  last_checked_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX directory_services_organisation_idx ON directory_services (organisation_id);

CREATE TABLE directory_service_versions (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES directory_services (id),
  number integer NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'superseded', 'withdrawn')),
  -- The whole entry as entered (see modules/directory/content.ts), validated before it is stored.
  content jsonb NOT NULL,
  submitted_by uuid,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid,
  decided_at timestamptz,
  decision_reason text,
  UNIQUE (service_id, number)
);
CREATE INDEX directory_service_versions_pending_idx ON directory_service_versions (submitted_at) WHERE state = 'pending';

ALTER TABLE directory_services
  ADD CONSTRAINT directory_services_live_version_fk FOREIGN KEY (live_version_id) REFERENCES directory_service_versions (id);

-- Read model: one row per service with a live version, rebuilt from that version whenever it changes.
CREATE TABLE directory_listings (
  service_id uuid PRIMARY KEY REFERENCES directory_services (id),
  version_id uuid NOT NULL REFERENCES directory_service_versions (id),
  organisation_id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  status text NOT NULL,
  professionals_only boolean NOT NULL,
  search tsvector NOT NULL,
  keywords text NOT NULL,
  term_ids uuid[] NOT NULL,
  levels integer[] NOT NULL,
  min_age integer,
  max_age integer,
  is_free boolean NOT NULL,
  delivery text[] NOT NULL,
  districts text[] NOT NULL,
  countywide boolean NOT NULL,
  modified_at timestamptz NOT NULL,
  last_checked_at timestamptz NOT NULL
);
CREATE INDEX directory_listings_search_idx ON directory_listings USING gin (search);
CREATE INDEX directory_listings_keywords_trgm_idx ON directory_listings USING gin (keywords gin_trgm_ops);
CREATE INDEX directory_listings_terms_idx ON directory_listings USING gin (term_ids);
CREATE INDEX directory_listings_districts_idx ON directory_listings USING gin (districts);
CREATE INDEX directory_listings_modified_idx ON directory_listings (modified_at);
CREATE INDEX directory_listings_organisation_idx ON directory_listings (organisation_id);

CREATE TABLE directory_listing_locations (
  location_id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES directory_listings (service_id) ON DELETE CASCADE,
  postcode text,
  latitude double precision,
  longitude double precision
);
CREATE INDEX directory_listing_locations_service_idx ON directory_listing_locations (service_id);

-- Postcode coordinates. postcode_districts ships with Hearth (approximate centres of outward codes);
-- postcodes is filled by the ONS Postcode Directory importer.
CREATE TABLE postcode_districts (
  outward text PRIMARY KEY,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL
);
CREATE TABLE postcodes (
  postcode text PRIMARY KEY,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL
);
