DROP TABLE person_names;
