-- The listed version an owed trade waits for (issue 15 hardening). A window that listed a trade at modified M and
-- could not store it owes M, not just "some copy": another window may fetch an older copy (listed before the change)
-- and commit it after the refusal, and resolving on that copy would leave the trade stale for good (the listing
-- window is done, nothing lists M again). The row resolves only when the stored copy's modified is at or after
-- listed_modified; NULL (refetch, the owed retry: no listing) means any stored copy, as before. A trade owed again
-- keeps the greatest listed version.
ALTER TABLE etl.owed_trade ADD COLUMN listed_modified timestamptz;
