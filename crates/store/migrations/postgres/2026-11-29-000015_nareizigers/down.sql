DROP TABLE nareizigers;
