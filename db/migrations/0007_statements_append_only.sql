CREATE TRIGGER published_statements_no_update BEFORE UPDATE ON published_statements
BEGIN
  SELECT RAISE(ABORT, 'published_statements is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER published_statements_no_delete BEFORE DELETE ON published_statements
BEGIN
  SELECT RAISE(ABORT, 'published_statements is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER statement_board_postings_no_update BEFORE UPDATE ON statement_board_postings
BEGIN
  SELECT RAISE(ABORT, 'statement_board_postings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER statement_board_postings_no_delete BEFORE DELETE ON statement_board_postings
BEGIN
  SELECT RAISE(ABORT, 'statement_board_postings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER statement_questions_no_update BEFORE UPDATE ON statement_questions
BEGIN
  SELECT RAISE(ABORT, 'statement_questions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER statement_questions_no_delete BEFORE DELETE ON statement_questions
BEGIN
  SELECT RAISE(ABORT, 'statement_questions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER statement_answers_no_update BEFORE UPDATE ON statement_answers
BEGIN
  SELECT RAISE(ABORT, 'statement_answers is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER statement_answers_no_delete BEFORE DELETE ON statement_answers
BEGIN
  SELECT RAISE(ABORT, 'statement_answers is append-only');
END;
