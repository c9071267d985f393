CREATE TABLE `ballot_electors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`area_centi_m2` integer NOT NULL,
	`unit_count` integer NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballot_electors_once_idx` ON `ballot_electors` (`ballot_id`,`owner_id`);--> statement-breakpoint
CREATE TABLE `ballot_votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`choice` text NOT NULL,
	`area_centi_m2` integer NOT NULL,
	`cast_at` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballot_votes_once_idx` ON `ballot_votes` (`ballot_id`,`owner_id`);--> statement-breakpoint
CREATE TABLE `ballots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`matter` integer NOT NULL,
	`text` text NOT NULL,
	`authorised_fen` integer,
	`opened_at` text NOT NULL,
	`deadline` text NOT NULL,
	`total_area_centi_m2` integer NOT NULL,
	`total_owners` integer NOT NULL,
	`status` text NOT NULL,
	`opened_by` integer NOT NULL,
	`closed_by` integer,
	`closed_at` text,
	`decision_id` integer,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ballots_matter" CHECK("ballots"."matter" BETWEEN 1 AND 9),
	CONSTRAINT "ballots_authorised" CHECK("ballots"."authorised_fen" IS NULL OR "ballots"."authorised_fen" > 0)
);
--> statement-breakpoint
CREATE INDEX `ballots_status_idx` ON `ballots` (`status`);--> statement-breakpoint
CREATE TABLE `decision_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`attachment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `owner_decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_attachments_decision_idx` ON `decision_attachments` (`decision_id`);--> statement-breakpoint
CREATE TABLE `maintenance_fund_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`percent` text NOT NULL,
	`decision_id` integer NOT NULL,
	`effective_from` text NOT NULL,
	`set_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `owner_decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `maintenance_fund_rules_from_idx` ON `maintenance_fund_rules` (`effective_from`);--> statement-breakpoint
CREATE TABLE `maintenance_fund_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`base_fen` integer NOT NULL,
	`share_fen` integer NOT NULL,
	`parts` text NOT NULL,
	`paid_on` text NOT NULL,
	`bank_reference` text NOT NULL,
	`entry_id` integer,
	`recorded_by` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "maintenance_fund_transfers_share" CHECK("maintenance_fund_transfers"."share_fen" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `maintenance_fund_transfers_period_unique` ON `maintenance_fund_transfers` (`period`);--> statement-breakpoint
CREATE TABLE `owner_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`serial` integer NOT NULL,
	`title` text NOT NULL,
	`matter` integer NOT NULL,
	`text` text NOT NULL,
	`source` text NOT NULL,
	`ballot_id` integer,
	`held_from` text NOT NULL,
	`held_until` text NOT NULL,
	`announced_on` text NOT NULL,
	`total_area_centi_m2` integer NOT NULL,
	`total_owners` integer NOT NULL,
	`participating_area_centi_m2` integer NOT NULL,
	`participating_owners` integer NOT NULL,
	`agree_area_centi_m2` integer NOT NULL,
	`agree_owners` integer NOT NULL,
	`disagree_area_centi_m2` integer NOT NULL,
	`disagree_owners` integer NOT NULL,
	`abstain_area_centi_m2` integer NOT NULL,
	`abstain_owners` integer NOT NULL,
	`outcome` text NOT NULL,
	`authorised_fen` integer,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	`audit_seq` integer NOT NULL,
	CONSTRAINT "owner_decisions_matter" CHECK("owner_decisions"."matter" BETWEEN 1 AND 9),
	CONSTRAINT "owner_decisions_authorised" CHECK("owner_decisions"."authorised_fen" IS NULL OR "owner_decisions"."authorised_fen" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `owner_decisions_number_idx` ON `owner_decisions` (`year`,`serial`);--> statement-breakpoint
CREATE UNIQUE INDEX `owner_decisions_ballot_idx` ON `owner_decisions` (`ballot_id`);--> statement-breakpoint
ALTER TABLE `income_records` ADD `deduction_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `income_records` ADD `deduction_reason` text;--> statement-breakpoint
ALTER TABLE `income_records` ADD `deduction_attachment_id` integer REFERENCES attachments(id);--> statement-breakpoint
ALTER TABLE `income_split_rules` ADD `decision_id` integer REFERENCES owner_decisions(id);--> statement-breakpoint
ALTER TABLE `budgets` ADD `decision_id` integer REFERENCES owner_decisions(id);--> statement-breakpoint
ALTER TABLE `procurement_rules` ADD `decision_id` integer REFERENCES owner_decisions(id);--> statement-breakpoint
ALTER TABLE `proposals` ADD `decision_id` integer REFERENCES owner_decisions(id);--> statement-breakpoint
CREATE INDEX `proposals_decision_idx` ON `proposals` (`decision_id`);