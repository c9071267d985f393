CREATE TRIGGER budget_lines_no_update BEFORE UPDATE ON budget_lines
BEGIN
  SELECT RAISE(ABORT, 'budget_lines is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER budget_lines_no_delete BEFORE DELETE ON budget_lines
BEGIN
  SELECT RAISE(ABORT, 'budget_lines is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER routine_spendings_no_update BEFORE UPDATE ON routine_spendings
BEGIN
  SELECT RAISE(ABORT, 'routine_spendings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER routine_spendings_no_delete BEFORE DELETE ON routine_spendings
BEGIN
  SELECT RAISE(ABORT, 'routine_spendings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER quotes_no_update BEFORE UPDATE ON quotes
BEGIN
  SELECT RAISE(ABORT, 'quotes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER quotes_no_delete BEFORE DELETE ON quotes
BEGIN
  SELECT RAISE(ABORT, 'quotes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER selection_scores_no_update BEFORE UPDATE ON selection_scores
BEGIN
  SELECT RAISE(ABORT, 'selection_scores is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER selection_scores_no_delete BEFORE DELETE ON selection_scores
BEGIN
  SELECT RAISE(ABORT, 'selection_scores is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER votes_no_update BEFORE UPDATE ON votes
BEGIN
  SELECT RAISE(ABORT, 'votes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER votes_no_delete BEFORE DELETE ON votes
BEGIN
  SELECT RAISE(ABORT, 'votes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER acceptances_no_update BEFORE UPDATE ON acceptances
BEGIN
  SELECT RAISE(ABORT, 'acceptances is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER acceptances_no_delete BEFORE DELETE ON acceptances
BEGIN
  SELECT RAISE(ABORT, 'acceptances is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER spending_attachments_no_update BEFORE UPDATE ON spending_attachments
BEGIN
  SELECT RAISE(ABORT, 'spending_attachments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER spending_attachments_no_delete BEFORE DELETE ON spending_attachments
BEGIN
  SELECT RAISE(ABORT, 'spending_attachments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER proposal_payments_no_update BEFORE UPDATE ON proposal_payments
BEGIN
  SELECT RAISE(ABORT, 'proposal_payments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER proposal_payments_no_delete BEFORE DELETE ON proposal_payments
BEGIN
  SELECT RAISE(ABORT, 'proposal_payments is append-only');
END;
