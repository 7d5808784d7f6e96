-- Practitioners in a family's Team Around the Family who do not use Hearth (issue 17, item 11): a school nurse,
-- a health visitor, a GP, a police officer or a voluntary sector worker the lead professional invites to the TAF
-- meetings. They are not users: they are emailed the meetings' date, time and place, never the family's record.
CREATE TABLE taf_partners (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  family_id uuid NOT NULL REFERENCES families (id),
  -- The forms allow 100 characters for a name and a role; the database backstops at 200.
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  -- Their role in their own words, e.g. 'School nurse', 'Health visitor'.
  role text NOT NULL CHECK (length(trim(role)) BETWEEN 1 AND 200),
  -- A known organisation, or its name when it is not in the list.
  organisation_id uuid REFERENCES organisations (id),
  organisation_name text CHECK (organisation_name IS NULL OR length(trim(organisation_name)) BETWEEN 1 AND 200),
  -- Lower-cased, so one practitioner is one member of a family's TAF.
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
  phone text CHECK (phone IS NULL OR length(phone) <= 30),
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by uuid REFERENCES users (id),
  removed_at timestamptz,
  removed_by uuid REFERENCES users (id),
  CHECK (organisation_id IS NOT NULL OR organisation_name IS NOT NULL)
);
CREATE UNIQUE INDEX taf_partners_email_idx ON taf_partners (episode_id, email) WHERE removed_at IS NULL;
CREATE INDEX taf_partners_family_idx ON taf_partners (family_id);
CREATE INDEX taf_partners_email_lookup_idx ON taf_partners (email);

-- A meeting's invitee is a Hearth user, a family member, or one of these practitioners.
ALTER TABLE taf_meeting_invitees ADD COLUMN partner_id uuid REFERENCES taf_partners (id);
ALTER TABLE taf_meeting_invitees DROP CONSTRAINT taf_meeting_invitees_check;
ALTER TABLE taf_meeting_invitees
  ADD CONSTRAINT taf_meeting_invitees_one_invitee CHECK (num_nonnulls(user_id, person_id, partner_id) = 1);
CREATE UNIQUE INDEX taf_meeting_invitees_partner_idx ON taf_meeting_invitees (meeting_id, partner_id)
  WHERE partner_id IS NOT NULL;
