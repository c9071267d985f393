CREATE TABLE `notification_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`webhook_url` text NOT NULL,
	`secret` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`pii_salt` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`topic` text NOT NULL,
	`subject` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`audit_seq` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`channel_id`) REFERENCES `notification_channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notification_outbox_due_idx` ON `notification_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `acceptances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` integer NOT NULL,
	`accepted_by` integer NOT NULL,
	`accepted_on` text NOT NULL,
	`notes` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `acceptances_proposal_id_unique` ON `acceptances` (`proposal_id`);--> statement-breakpoint
CREATE TABLE `approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`amount_fen` integer,
	`unanimous` integer NOT NULL,
	`committee_size` integer NOT NULL,
	`voters` text NOT NULL,
	`excluded` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`opened_by` text NOT NULL,
	`opened_at` text NOT NULL,
	`decided_at` text,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approvals_subject_idx` ON `approvals` (`subject_kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `approvals_status_idx` ON `approvals` (`status`);--> statement-breakpoint
CREATE TABLE `budget_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`budget_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "budget_lines_amount_nonnegative" CHECK("budget_lines"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budget_lines_budget_kind_idx` ON `budget_lines` (`budget_id`,`kind`);--> statement-breakpoint
CREATE TABLE `budgets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`book` text NOT NULL,
	`title` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`decision_ref` text,
	`status` text NOT NULL,
	`drafted_by` integer NOT NULL,
	`approved_at` text,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`drafted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `budgets_year_book_idx` ON `budgets` (`year`,`book`);--> statement-breakpoint
CREATE TABLE `procurement_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rules` text NOT NULL,
	`decision_ref` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`proposed_by` integer NOT NULL,
	`adopted_at` text,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `proposal_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` integer NOT NULL,
	`stage` text NOT NULL,
	`paid_on` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`bank_reference` text NOT NULL,
	`invoice_number` text DEFAULT '' NOT NULL,
	`entry_id` integer NOT NULL,
	`idempotency_key` text,
	`recorded_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "proposal_payments_amount_positive" CHECK("proposal_payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposal_payments_idempotency_key_unique` ON `proposal_payments` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `proposal_payments_proposal_idx` ON `proposal_payments` (`proposal_id`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`book` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`reason` text NOT NULL,
	`items` text NOT NULL,
	`estimated_fen` integer NOT NULL,
	`is_major_repair` integer NOT NULL,
	`decision_ref` text,
	`budget_line_id` integer,
	`status` text NOT NULL,
	`drafter_id` integer NOT NULL,
	`rules_id` integer,
	`method` text,
	`selected_quote_id` integer,
	`selection_reason` text,
	`exception_reason` text,
	`collusion_reason` text,
	`selected_on` text,
	`approved_fen` integer,
	`advance_percent` text DEFAULT '0' NOT NULL,
	`retention_percent` text DEFAULT '0' NOT NULL,
	`warranty_months` integer DEFAULT 0 NOT NULL,
	`approved_at` text,
	`accepted_on` text,
	`warranty_until` text,
	`retention_released_at` text,
	`retention_released_by` integer,
	`created_at` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`budget_line_id`) REFERENCES `budget_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drafter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rules_id`) REFERENCES `procurement_rules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retention_released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposals_status_idx` ON `proposals` (`status`);--> statement-breakpoint
CREATE INDEX `proposals_book_idx` ON `proposals` (`book`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`item_amounts` text NOT NULL,
	`valid_until` text NOT NULL,
	`attachment_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`added_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "quotes_amount_positive" CHECK("quotes"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_proposal_supplier_idx` ON `quotes` (`proposal_id`,`supplier_id`);--> statement-breakpoint
CREATE TABLE `related_parties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`relation` text NOT NULL,
	`declared_on` text NOT NULL,
	`ended_on` text,
	`ended_reason` text,
	`declared_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `related_parties_supplier_idx` ON `related_parties` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `related_parties_user_idx` ON `related_parties` (`user_id`);--> statement-breakpoint
CREATE TABLE `routine_spendings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`budget_line_id` integer NOT NULL,
	`routine_kind` text NOT NULL,
	`paid_on` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`payee` text NOT NULL,
	`bank_reference` text DEFAULT '' NOT NULL,
	`invoice_number` text DEFAULT '' NOT NULL,
	`memo` text DEFAULT '' NOT NULL,
	`voucher_attachment_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`idempotency_key` text,
	`recorded_by` text NOT NULL,
	`pii_salt` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`budget_line_id`) REFERENCES `budget_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voucher_attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "routine_spendings_amount_positive" CHECK("routine_spendings"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `routine_spendings_idempotency_key_unique` ON `routine_spendings` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `routine_spendings_line_idx` ON `routine_spendings` (`budget_line_id`);--> statement-breakpoint
CREATE INDEX `routine_spendings_date_idx` ON `routine_spendings` (`paid_on`);--> statement-breakpoint
CREATE TABLE `selection_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` integer NOT NULL,
	`quote_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`price` integer NOT NULL,
	`qualification` integer NOT NULL,
	`service` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selection_scores_once_idx` ON `selection_scores` (`quote_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `spending_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`attachment_id` integer NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spending_attachments_subject_idx` ON `spending_attachments` (`subject_kind`,`subject_id`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`credit_code` text,
	`id_number_masked` text,
	`id_number_digest` text,
	`legal_representative` text DEFAULT '' NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`bank_name` text DEFAULT '' NOT NULL,
	`bank_account` text DEFAULT '' NOT NULL,
	`scope` text DEFAULT '' NOT NULL,
	`related_to_company` integer DEFAULT false NOT NULL,
	`company_relation` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`deactivated_reason` text,
	`created_by` text NOT NULL,
	`pii_salt` text NOT NULL,
	`audit_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_credit_code_idx` ON `suppliers` (`credit_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_id_digest_idx` ON `suppliers` (`id_number_digest`);--> statement-breakpoint
CREATE TABLE `votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`approval_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`choice` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`cast_at` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`approval_id`) REFERENCES `approvals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `votes_once_idx` ON `votes` (`approval_id`,`user_id`);