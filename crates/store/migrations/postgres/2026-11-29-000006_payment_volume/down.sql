ALTER TABLE plan_months
    ADD CONSTRAINT plan_months_run_id_fkey FOREIGN KEY (run_id) REFERENCES payment_runs(id),
    ADD CONSTRAINT plan_months_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES ontzorging_plans(id);
ALTER TABLE payment_lines
    ADD CONSTRAINT payment_lines_run_id_fkey FOREIGN KEY (run_id) REFERENCES payment_runs(id),
    ADD CONSTRAINT payment_lines_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES ontzorging_plans(id);
ALTER TABLE ledger_entries
    ADD CONSTRAINT ledger_entries_run_id_fkey FOREIGN KEY (run_id) REFERENCES payment_runs(id),
    ADD CONSTRAINT ledger_entries_line_id_fkey FOREIGN KEY (line_id) REFERENCES payment_lines(id),
    ADD CONSTRAINT ledger_entries_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES ontzorging_plans(id);
