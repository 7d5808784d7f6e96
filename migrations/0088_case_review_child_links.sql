-- Who the child of a case review referral is, corrected after the referral (issue 16). A referral matches the child to
-- one of Hearth's people only when one record clearly matches; the Board manager links the right record later, or
-- removes or changes a wrong link, each with a reason. Every change is kept: the history shows who linked whom, when
-- and why. person_id null is "unlinked: kept as named on the referral". from_version is the referral's version the
-- change was made from, so two identical submits of one form make one change (the key refuses the second).
CREATE TABLE case_review_child_links (
  id uuid PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES case_review_referrals (id),
  person_id uuid REFERENCES people (id),
  previous_person_id uuid REFERENCES people (id),
  reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
  from_version integer NOT NULL,
  linked_by uuid NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (referral_id, from_version),
  CHECK (person_id IS DISTINCT FROM previous_person_id)
);
CREATE INDEX case_review_child_links_person_idx ON case_review_child_links (person_id);
