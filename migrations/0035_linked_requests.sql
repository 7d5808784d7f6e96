-- Duplicate requests about one child (issue 17, item 5). A screener may decide that a request is linked to
-- another request about the same child, which the Hub is dealing with: no work is handed on and the family
-- is not told "we do not think the Hub needs to do anything more". For a sensitive case the screener may
-- hold back the outcome email altogether, with a reason kept on the decision.
ALTER TABLE hub_decisions DROP CONSTRAINT hub_decisions_pathway_check;
ALTER TABLE hub_decisions
  ADD CONSTRAINT hub_decisions_pathway_check CHECK (
    pathway IN ('advice-signposting', 'taf', 'family-solutions', 'social-care', 'no-further-action', 'linked-request')
  ),
  ADD COLUMN linked_request_id uuid REFERENCES requests_for_support (id),
  ADD COLUMN email_withheld_reason text CHECK (
    email_withheld_reason IS NULL OR length(trim(email_withheld_reason)) BETWEEN 1 AND 1000
  ),
  ADD CONSTRAINT hub_decisions_linked CHECK ((pathway = 'linked-request') = (linked_request_id IS NOT NULL)),
  ADD CONSTRAINT hub_decisions_linked_other CHECK (linked_request_id IS DISTINCT FROM request_id);
