DROP INDEX nareizigers_arrived;
ALTER TABLE nareizigers DROP COLUMN arrived_person_id;
DROP INDEX cases_by_team;
