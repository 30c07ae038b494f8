-- The sink stores a rejected input once per shop, text and reason, so a replayed batch adds no second
-- quarantine row; this index keeps that check cheap as the table grows.
CREATE INDEX IF NOT EXISTS quarantine_shop_raw_md5 ON etl.quarantine (shop_id, md5(raw_text));
