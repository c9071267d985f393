DROP INDEX `allocations_unit_idx`;--> statement-breakpoint
CREATE INDEX `allocations_unit_kind_idx` ON `payment_allocations` (`unit_id`,`kind`,`bill_id`,`amount_fen`);--> statement-breakpoint
DROP INDEX `postings_book_account_idx`;--> statement-breakpoint
CREATE INDEX `postings_book_account_idx` ON `postings` (`book`,`account_code`,`amount_fen`);--> statement-breakpoint
CREATE INDEX `bills_unit_open_idx` ON `bills` (`unit_id`,`period_start`,`amount_fen`,`bill_run_id`);--> statement-breakpoint
CREATE INDEX `proposal_payments_date_idx` ON `proposal_payments` (`paid_on`);