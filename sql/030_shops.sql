-- Since when a shop waits for re-authorization (code 27): set with reauthorize_required on the first
-- refusal and kept through later ones, cleared with it by the shop's next run that finishes.
ALTER TABLE etl.shop ADD COLUMN reauthorize_since timestamptz;
