-- How to reach a family safely (issue 17, items 1 and 2). A family asking for help chooses how they are
-- contacted: by phone, by email, or only through the person helping them (a family living with domestic
-- abuse may not be safe to email). Hearth sends a family email only when they chose email. Family requests
-- made before this asked for an email address, so they were contacted by email.
ALTER TABLE requests_for_support
  ADD COLUMN requester_contact_by text CHECK (requester_contact_by IN ('phone', 'email', 'through-helper')),
  ADD COLUMN requester_helper text CHECK (requester_helper IS NULL OR length(requester_helper) <= 200);
UPDATE requests_for_support SET requester_contact_by = 'email' WHERE source = 'family';
-- A family no longer has to give an email address; the way they chose must have its details.
ALTER TABLE requests_for_support DROP CONSTRAINT requests_for_support_family;
ALTER TABLE requests_for_support
  ADD CONSTRAINT requests_family_contact_by CHECK (source <> 'family' OR requester_contact_by IS NOT NULL),
  ADD CONSTRAINT requests_contact_by_email CHECK (requester_contact_by IS DISTINCT FROM 'email' OR requester_email IS NOT NULL),
  ADD CONSTRAINT requests_contact_by_phone CHECK (requester_contact_by IS DISTINCT FROM 'phone' OR requester_phone IS NOT NULL),
  ADD CONSTRAINT requests_contact_by_helper CHECK (requester_contact_by IS DISTINCT FROM 'through-helper' OR requester_helper IS NOT NULL);

-- A parent's or carer's phone and what to know before calling them ("do not leave a voicemail"), as the
-- requester entered them on a Request for Support, for the Hub and then casework.
ALTER TABLE request_people
  ADD COLUMN phone text CHECK (phone IS NULL OR length(phone) <= 30),
  ADD COLUMN contact_notes text CHECK (contact_notes IS NULL OR length(contact_notes) <= 500);
