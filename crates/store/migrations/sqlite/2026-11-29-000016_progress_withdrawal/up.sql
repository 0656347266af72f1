-- A provider's hour report or a participation recorded in error is withdrawn, not deleted: it
-- stays in the record with who withdrew it, when and why, and no longer counts (not towards
-- the totals, not towards the hours afschalen needs, not as a period already reported). The
-- other dialect's migration must create the same columns (a test compares them).
ALTER TABLE hour_reports ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE hour_reports ADD COLUMN withdrawn_by TEXT;
ALTER TABLE hour_reports ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE participations ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE participations ADD COLUMN withdrawn_by TEXT;
ALTER TABLE participations ADD COLUMN withdrawn_reason TEXT;
