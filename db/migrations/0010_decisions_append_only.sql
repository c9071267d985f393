-- Owners' decisions, ballots' electors and votes, and the maintenance fund's rules and transfers are history.
CREATE TRIGGER owner_decisions_no_update BEFORE UPDATE ON owner_decisions
BEGIN
  SELECT RAISE(ABORT, 'owner_decisions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER owner_decisions_no_delete BEFORE DELETE ON owner_decisions
BEGIN
  SELECT RAISE(ABORT, 'owner_decisions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER decision_attachments_no_update BEFORE UPDATE ON decision_attachments
BEGIN
  SELECT RAISE(ABORT, 'decision_attachments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER decision_attachments_no_delete BEFORE DELETE ON decision_attachments
BEGIN
  SELECT RAISE(ABORT, 'decision_attachments is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ballot_electors_no_update BEFORE UPDATE ON ballot_electors
BEGIN
  SELECT RAISE(ABORT, 'ballot_electors is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ballot_electors_no_delete BEFORE DELETE ON ballot_electors
BEGIN
  SELECT RAISE(ABORT, 'ballot_electors is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ballot_votes_no_update BEFORE UPDATE ON ballot_votes
BEGIN
  SELECT RAISE(ABORT, 'ballot_votes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ballot_votes_no_delete BEFORE DELETE ON ballot_votes
BEGIN
  SELECT RAISE(ABORT, 'ballot_votes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER maintenance_fund_rules_no_update BEFORE UPDATE ON maintenance_fund_rules
BEGIN
  SELECT RAISE(ABORT, 'maintenance_fund_rules is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER maintenance_fund_rules_no_delete BEFORE DELETE ON maintenance_fund_rules
BEGIN
  SELECT RAISE(ABORT, 'maintenance_fund_rules is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER maintenance_fund_transfers_no_update BEFORE UPDATE ON maintenance_fund_transfers
BEGIN
  SELECT RAISE(ABORT, 'maintenance_fund_transfers is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER maintenance_fund_transfers_no_delete BEFORE DELETE ON maintenance_fund_transfers
BEGIN
  SELECT RAISE(ABORT, 'maintenance_fund_transfers is append-only');
END;
