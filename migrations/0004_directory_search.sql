-- Directory of Services search: where each listed place is, resolved once, and the vocabulary that
-- typo-tolerant search corrects words to.

-- Coordinates of each listed place as search measures them: as entered, else its postcode's (the
-- postcodes table), else its postcode district's approximate centre. Set when the listing is rebuilt
-- and again whenever postcode data is loaded, so a search never normalises postcodes row by row.
ALTER TABLE directory_listing_locations
  ADD COLUMN search_latitude double precision,
  ADD COLUMN search_longitude double precision;

-- Every word of listed services' names, categories and descriptions. A search word that is not here
-- ("parnting") is also looked for as its nearest words here ("parenting"), by trigram similarity.
CREATE TABLE directory_search_words (
  word text PRIMARY KEY
);
CREATE INDEX directory_search_words_trgm_idx ON directory_search_words USING gin (word gin_trgm_ops);
