-- Search by date of birth within a municipality (also combined with a name): persons born in a
-- year, then month and day. An unknown month or day is NULL and matches any in a search.

CREATE INDEX persons_by_birth ON persons (birth_year, birth_month, birth_day);
