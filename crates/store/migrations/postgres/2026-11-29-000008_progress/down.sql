DROP TABLE hour_reports;
DROP TABLE exam_attempts;
