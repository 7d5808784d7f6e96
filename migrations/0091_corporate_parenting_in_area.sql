-- A placement inside the council's own area: named for no one council (it was "in_essex"), as the register file's
-- column now is (in_area). Every name of a place is the tenant's configuration, never the schema's.
ALTER TABLE cp_placements RENAME COLUMN in_essex TO in_area;
