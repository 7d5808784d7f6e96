-- The Shared Family Assessment (issue 7): one per early help episode. Every family member has a section with
-- their views, strengths, needs and goals in their own words (a child's as the child said it, with who heard
-- them and how), or the reason they declined or were not seen; the practitioner's analysis is one more
-- section. Each section is saved on its own with its own version, so two people editing different sections
-- never collide and a stale save of the same section is refused. Needs found in a section are episode_needs
-- (by Supporting Families outcome area) so the Early Help Plan can turn them into goals; assessment_needs
-- remembers which section found them.

CREATE TABLE assessments (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL UNIQUE REFERENCES episodes (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),
  completed_at timestamptz,
  completed_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  -- Moves on with every section saved, so "complete" is refused if anything changed after the check page.
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL AND completed_by IS NOT NULL))
);

CREATE TABLE assessment_sections (
  id uuid PRIMARY KEY,
  assessment_id uuid NOT NULL REFERENCES assessments (id),
  kind text NOT NULL CHECK (kind IN ('member', 'analysis')),
  -- The family member (a person: memberships can end and start again); null for the analysis.
  person_id uuid REFERENCES people (id),
  participation text CHECK (participation IN ('took-part', 'declined', 'not-seen')),
  absence_reason text CHECK (length(absence_reason) <= 1000),
  views text NOT NULL DEFAULT '' CHECK (length(views) <= 5000),
  strengths text NOT NULL DEFAULT '' CHECK (length(strengths) <= 5000),
  needs text NOT NULL DEFAULT '' CHECK (length(needs) <= 5000),
  goals text NOT NULL DEFAULT '' CHECK (length(goals) <= 5000),
  analysis text NOT NULL DEFAULT '' CHECK (length(analysis) <= 10000),
  -- For a child: who heard them, and how (conversation, drawing, play, their own writing, observation, other).
  heard_by text CHECK (length(heard_by) <= 200),
  heard_how text CHECK (heard_how IN ('conversation', 'drawing', 'play', 'writing', 'observation', 'other')),
  -- The person saving says they have finished; a declined or not-seen section is finished by its reason.
  finished boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK ((kind = 'member') = (person_id IS NOT NULL)),
  CHECK (kind = 'member' OR participation IS NULL),
  CHECK (participation IS NULL OR participation = 'took-part' OR length(trim(absence_reason)) > 0)
);
CREATE UNIQUE INDEX assessment_sections_member_idx ON assessment_sections (assessment_id, person_id) WHERE kind = 'member';
CREATE UNIQUE INDEX assessment_sections_analysis_idx ON assessment_sections (assessment_id) WHERE kind = 'analysis';

CREATE TABLE assessment_needs (
  need_id uuid PRIMARY KEY REFERENCES episode_needs (id),
  section_id uuid NOT NULL REFERENCES assessment_sections (id)
);
CREATE INDEX assessment_needs_section_idx ON assessment_needs (section_id);
