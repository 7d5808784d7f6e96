-- Which local authority district each postcode is in (ONSPD's oslaua, an ONS code such as E07000070 for
-- Chelmsford), so a Request for Support can take the family's district from their postcode instead of
-- asking for both (issue 17). Null for rows loaded before this column, until ONSPD is imported again.
ALTER TABLE postcodes ADD COLUMN local_authority_code text;
