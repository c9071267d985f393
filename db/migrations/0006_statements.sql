CREATE TABLE `published_statements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`draft_id` integer NOT NULL,
	`period_kind` text NOT NULL,
	`period` text NOT NULL,
	`revision` integer NOT NULL,
	`snapshot` text NOT NULL,
	`hash` text NOT NULL,
	`audit_head_seq` integer NOT NULL,
	`audit_head_hash` text NOT NULL,
	`previous_hash` text,
	`supersedes_hash` text,
	`posted_from` text NOT NULL,
	`posted_to` text NOT NULL,
	`published_by` integer NOT NULL,
	`published_at` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`draft_id`) REFERENCES `statement_drafts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "published_statements_window" CHECK("published_statements"."posted_to" >= "published_statements"."posted_from")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `published_statements_period_revision_idx` ON `published_statements` (`period`,`revision`);--> statement-breakpoint
CREATE UNIQUE INDEX `published_statements_hash_idx` ON `published_statements` (`hash`);--> statement-breakpoint
CREATE TABLE `statement_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_id` integer NOT NULL,
	`text` text NOT NULL,
	`answered_by` integer NOT NULL,
	`answered_at` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `statement_questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_answers_question_id_unique` ON `statement_answers` (`question_id`);--> statement-breakpoint
CREATE TABLE `statement_board_postings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`published_id` integer NOT NULL,
	`location` text NOT NULL,
	`posted_on` text NOT NULL,
	`photo_attachment_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` integer NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`published_id`) REFERENCES `published_statements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`photo_attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `statement_board_postings_published_idx` ON `statement_board_postings` (`published_id`);--> statement-breakpoint
CREATE TABLE `statement_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_kind` text NOT NULL,
	`period` text NOT NULL,
	`revision` integer NOT NULL,
	`work_report` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`supersedes_id` integer,
	`reopen_reason` text,
	`reopen_approval_id` integer,
	`drafted_by` integer NOT NULL,
	`approved_by` integer,
	`approved_at` text,
	`published_id` integer,
	`created_at` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`drafted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_drafts_period_revision_idx` ON `statement_drafts` (`period`,`revision`);--> statement-breakpoint
CREATE TABLE `statement_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`published_id` integer NOT NULL,
	`period` text NOT NULL,
	`book` text NOT NULL,
	`line_key` text,
	`asked_by` integer NOT NULL,
	`text` text NOT NULL,
	`asked_at` text NOT NULL,
	`due_on` text NOT NULL,
	`audit_seq` integer NOT NULL,
	FOREIGN KEY (`published_id`) REFERENCES `published_statements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `statement_questions_period_idx` ON `statement_questions` (`period`);--> statement-breakpoint
CREATE INDEX `statement_questions_published_idx` ON `statement_questions` (`published_id`);