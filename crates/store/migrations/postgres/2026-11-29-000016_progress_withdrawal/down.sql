ALTER TABLE participations DROP COLUMN withdrawn_reason;
ALTER TABLE participations DROP COLUMN withdrawn_by;
ALTER TABLE participations DROP COLUMN withdrawn_at;
ALTER TABLE hour_reports DROP COLUMN withdrawn_reason;
ALTER TABLE hour_reports DROP COLUMN withdrawn_by;
ALTER TABLE hour_reports DROP COLUMN withdrawn_at;
