CREATE TABLE `balance_assertions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`book` text NOT NULL,
	`as_of` text NOT NULL,
	`expected_fen` integer NOT NULL,
	`source` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `balance_assertions_book_idx` ON `balance_assertions` (`book`,`as_of`);--> statement-breakpoint
CREATE TABLE `bank_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`book` text NOT NULL,
	`filename` text NOT NULL,
	`file_sha256` text NOT NULL,
	`encoding` text NOT NULL,
	`mapping` text NOT NULL,
	`line_count` integer NOT NULL,
	`imported_by` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bank_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`book` text NOT NULL,
	`line_no` integer NOT NULL,
	`txn_date` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`counterparty` text NOT NULL,
	`memo` text NOT NULL,
	`reference` text NOT NULL,
	`balance_fen` integer,
	`fingerprint` text NOT NULL,
	`occurrence` integer NOT NULL,
	`pii_salt` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `bank_imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_lines_fingerprint_idx` ON `bank_lines` (`book`,`fingerprint`,`occurrence`);--> statement-breakpoint
CREATE INDEX `bank_lines_date_idx` ON `bank_lines` (`book`,`txn_date`);--> statement-breakpoint
CREATE TABLE `bank_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`mapping` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_mappings_name_unique` ON `bank_mappings` (`name`);--> statement-breakpoint
CREATE TABLE `bank_matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bank_line_id` integer NOT NULL,
	`entry_id` integer,
	`action` text NOT NULL,
	`method` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`bank_line_id`) REFERENCES `bank_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bank_matches_line_idx` ON `bank_matches` (`bank_line_id`);--> statement-breakpoint
CREATE INDEX `bank_matches_entry_idx` ON `bank_matches` (`entry_id`);--> statement-breakpoint
CREATE TABLE `bill_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_start` text NOT NULL,
	`months` integer NOT NULL,
	`issued_on` text NOT NULL,
	`due_on` text NOT NULL,
	`created_by` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bill_run_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`months` integer NOT NULL,
	`area_centi_m2` integer NOT NULL,
	`rate` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`due_on` text NOT NULL,
	`entry_id` integer NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`bill_run_id`) REFERENCES `bill_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bills_unit_period_idx` ON `bills` (`unit_id`,`period_start`);--> statement-breakpoint
CREATE INDEX `bills_period_idx` ON `bills` (`period_start`);--> statement-breakpoint
CREATE INDEX `bills_owner_idx` ON `bills` (`owner_id`);--> statement-breakpoint
CREATE TABLE `fee_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_kind` text NOT NULL,
	`rate` text NOT NULL,
	`effective_from` text NOT NULL,
	`reference` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fee_rates_kind_from_idx` ON `fee_rates` (`unit_kind`,`effective_from`);--> statement-breakpoint
CREATE TABLE `payment_allocations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`payment_id` integer,
	`bill_id` integer,
	`kind` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`allocated_on` text NOT NULL,
	`entry_id` integer,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `allocations_bill_idx` ON `payment_allocations` (`bill_id`);--> statement-breakpoint
CREATE INDEX `allocations_unit_idx` ON `payment_allocations` (`unit_id`);--> statement-breakpoint
CREATE INDEX `allocations_payment_idx` ON `payment_allocations` (`payment_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`received_on` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`method` text NOT NULL,
	`reference` text NOT NULL,
	`idempotency_key` text,
	`entry_id` integer NOT NULL,
	`recorded_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_idempotency_key_unique` ON `payments` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `payments_unit_idx` ON `payments` (`unit_id`);--> statement-breakpoint
CREATE INDEX `payments_date_idx` ON `payments` (`received_on`);--> statement-breakpoint
CREATE TABLE `income_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`received_on` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`cogoverned_fen` integer NOT NULL,
	`public_revenue_fen` integer NOT NULL,
	`split_rule_id` integer,
	`counterparty` text NOT NULL,
	`counterparty_is_person` integer NOT NULL,
	`pii_salt` text NOT NULL,
	`reference` text NOT NULL,
	`permit_ref` text,
	`memo` text DEFAULT '' NOT NULL,
	`attachment_id` integer,
	`entry_id` integer NOT NULL,
	`recorded_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`split_rule_id`) REFERENCES `income_split_rules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `income_records_date_idx` ON `income_records` (`received_on`);--> statement-breakpoint
CREATE TABLE `income_split_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`public_revenue_percent` text NOT NULL,
	`decision_ref` text NOT NULL,
	`effective_from` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `split_rules_kind_from_idx` ON `income_split_rules` (`kind`,`effective_from`);--> statement-breakpoint
CREATE TABLE `remuneration_accruals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`rule_id` integer NOT NULL,
	`base_fen` integer NOT NULL,
	`percent` text,
	`amount_fen` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`rule_id`) REFERENCES `remuneration_rules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `remuneration_accruals_month_unique` ON `remuneration_accruals` (`month`);--> statement-breakpoint
CREATE TABLE `remuneration_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`method` text NOT NULL,
	`fixed_fen_per_month` integer,
	`percent` text,
	`contract_ref` text NOT NULL,
	`effective_from` text NOT NULL,
	`set_by` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `remuneration_rules_from_idx` ON `remuneration_rules` (`effective_from`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`code` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`type` text NOT NULL,
	`books` text NOT NULL,
	`sort_order` integer NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`filename` text NOT NULL,
	`mime` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`uploaded_by` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_sha_idx` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE TABLE `journal_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`business_date` text NOT NULL,
	`memo` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text,
	`reverses_entry_id` integer,
	`reason` text,
	`created_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`reverses_entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `journal_entries_date_idx` ON `journal_entries` (`business_date`);--> statement-breakpoint
CREATE INDEX `journal_entries_source_idx` ON `journal_entries` (`source_kind`,`source_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_reverses_idx` ON `journal_entries` (`reverses_entry_id`);--> statement-breakpoint
CREATE TABLE `postings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`book` text NOT NULL,
	`account_code` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`unit_id` integer,
	`memo` text DEFAULT '' NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_code`) REFERENCES `accounts`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "postings_amount_nonzero" CHECK("postings"."amount_fen" <> 0)
);
--> statement-breakpoint
CREATE INDEX `postings_entry_idx` ON `postings` (`entry_id`);--> statement-breakpoint
CREATE INDEX `postings_book_account_idx` ON `postings` (`book`,`account_code`);--> statement-breakpoint
CREATE INDEX `postings_unit_idx` ON `postings` (`unit_id`);