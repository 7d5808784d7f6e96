-- The Hub's "other requests about this child" check (front-door/hub/duplicates.ts) pairs children by the
-- same date of birth and the same first and last names, ignoring case and spaces. With only a date-of-birth
-- index, a day with many children born on one date (a school year's police notifications, say) made the
-- check work out both names for every child born that day on every queue page. This index holds the
-- normalised names, written exactly as the query writes them, so only true pairs are read.
CREATE INDEX request_people_child_names_idx ON request_people (
  date_of_birth,
  lower(regexp_replace(first_name, '\s+', '', 'g')),
  lower(regexp_replace(last_name, '\s+', '', 'g'))
) WHERE role = 'child';
