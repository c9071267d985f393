-- Ledger history is append-only (DESIGN.md §5, §9.4): corrections are new entries.
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN
  SELECT RAISE(ABORT, 'journal_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN
  SELECT RAISE(ABORT, 'journal_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN
  SELECT RAISE(ABORT, 'postings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
BEGIN
  SELECT RAISE(ABORT, 'postings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bills_no_update BEFORE UPDATE ON bills
BEGIN
  SELECT RAISE(ABORT, 'bills is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bills_no_delete BEFORE DELETE ON bills
BEGIN
  SELECT RAISE(ABORT, 'bills is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bill_runs_no_update BEFORE UPDATE ON bill_runs
BEGIN
  SELECT RAISE(ABORT, 'bill_runs is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bill_runs_no_delete BEFORE DELETE ON bill_runs
BEGIN
  SELECT RAISE(ABORT, 'bill_runs is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN
  SELECT RAISE(ABORT, 'payments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN
  SELECT RAISE(ABORT, 'payments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_no_update BEFORE UPDATE ON payment_allocations
BEGIN
  SELECT RAISE(ABORT, 'payment_allocations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_no_delete BEFORE DELETE ON payment_allocations
BEGIN
  SELECT RAISE(ABORT, 'payment_allocations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER income_records_no_update BEFORE UPDATE ON income_records
BEGIN
  SELECT RAISE(ABORT, 'income_records is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER income_records_no_delete BEFORE DELETE ON income_records
BEGIN
  SELECT RAISE(ABORT, 'income_records is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER remuneration_accruals_no_update BEFORE UPDATE ON remuneration_accruals
BEGIN
  SELECT RAISE(ABORT, 'remuneration_accruals is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER remuneration_accruals_no_delete BEFORE DELETE ON remuneration_accruals
BEGIN
  SELECT RAISE(ABORT, 'remuneration_accruals is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bank_imports_no_update BEFORE UPDATE ON bank_imports
BEGIN
  SELECT RAISE(ABORT, 'bank_imports is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bank_imports_no_delete BEFORE DELETE ON bank_imports
BEGIN
  SELECT RAISE(ABORT, 'bank_imports is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bank_lines_no_update BEFORE UPDATE ON bank_lines
BEGIN
  SELECT RAISE(ABORT, 'bank_lines is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bank_lines_no_delete BEFORE DELETE ON bank_lines
BEGIN
  SELECT RAISE(ABORT, 'bank_lines is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bank_matches_no_update BEFORE UPDATE ON bank_matches
BEGIN
  SELECT RAISE(ABORT, 'bank_matches is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER bank_matches_no_delete BEFORE DELETE ON bank_matches
BEGIN
  SELECT RAISE(ABORT, 'bank_matches is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER balance_assertions_no_update BEFORE UPDATE ON balance_assertions
BEGIN
  SELECT RAISE(ABORT, 'balance_assertions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER balance_assertions_no_delete BEFORE DELETE ON balance_assertions
BEGIN
  SELECT RAISE(ABORT, 'balance_assertions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN
  SELECT RAISE(ABORT, 'attachments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN
  SELECT RAISE(ABORT, 'attachments is append-only');
END;
