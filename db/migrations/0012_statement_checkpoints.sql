CREATE TABLE `statement_checkpoints` (
	`quarter` text NOT NULL,
	`period_end` text NOT NULL,
	`audit_seq` integer NOT NULL,
	`kind` text NOT NULL,
	`book` text NOT NULL,
	`key` text NOT NULL,
	`debit` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	PRIMARY KEY(`quarter`, `kind`, `book`, `key`, `debit`)
);
--> statement-breakpoint
CREATE INDEX `statement_checkpoints_end_idx` ON `statement_checkpoints` (`period_end`);--> statement-breakpoint
DROP INDEX `postings_entry_idx`;--> statement-breakpoint
CREATE INDEX `postings_entry_idx` ON `postings` (`entry_id`,`book`,`account_code`,`amount_fen`);--> statement-breakpoint
CREATE INDEX `allocations_date_idx` ON `payment_allocations` (`allocated_on`);--> statement-breakpoint
-- A checkpoint is a cache of what the ledger says about a published quarter
-- (app/services/statements/checkpoints.server.ts). Whatever writes a row that
-- could change it -- an entry dated on or before its last day, a bill of a
-- period that starts by then, an allocation dated by then -- drops it in the
-- same transaction, whichever service wrote the row. History is append-only,
-- so inserts are the only changes to watch.
CREATE TRIGGER statement_checkpoints_stale_entry AFTER INSERT ON journal_entries
BEGIN
  DELETE FROM statement_checkpoints WHERE period_end >= NEW.business_date;
END;
--> statement-breakpoint
CREATE TRIGGER statement_checkpoints_stale_bill AFTER INSERT ON bills
BEGIN
  DELETE FROM statement_checkpoints WHERE period_end >= NEW.period_start || '-01';
END;
--> statement-breakpoint
CREATE TRIGGER statement_checkpoints_stale_allocation AFTER INSERT ON payment_allocations
BEGIN
  DELETE FROM statement_checkpoints WHERE period_end >= NEW.allocated_on;
END;
--> statement-breakpoint
-- A checkpoint also holds the approved but unpaid spending at the quarter end.
-- A payment is an entry (above) and a row here; an approval passes by its
-- decision time (or stops counting), compared by its UTC date (never later than its date in China).
CREATE TRIGGER statement_checkpoints_stale_proposal_payment AFTER INSERT ON proposal_payments
BEGIN
  DELETE FROM statement_checkpoints WHERE period_end >= NEW.paid_on;
END;
--> statement-breakpoint
CREATE TRIGGER statement_checkpoints_stale_approval AFTER INSERT ON approvals WHEN NEW.status = 'passed'
BEGIN
  DELETE FROM statement_checkpoints WHERE period_end >= COALESCE(substr(NEW.decided_at, 1, 10), '');
END;
--> statement-breakpoint
CREATE TRIGGER statement_checkpoints_stale_approval_decided AFTER UPDATE OF status ON approvals WHEN NEW.status = 'passed' OR OLD.status = 'passed'
BEGIN
  DELETE FROM statement_checkpoints
  WHERE period_end >= min(
    CASE WHEN OLD.status = 'passed' THEN COALESCE(substr(OLD.decided_at, 1, 10), '') ELSE '9999-12-31' END,
    CASE WHEN NEW.status = 'passed' THEN COALESCE(substr(NEW.decided_at, 1, 10), '') ELSE '9999-12-31' END);
END;
