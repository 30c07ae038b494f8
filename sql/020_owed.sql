-- Owed trades (issue 15, loss path 2): a trade a window listed but the pipeline could not store, because the
-- detail call refused it (isv.*, the overload code 520, an unknown code) or its answer could not be mapped
-- (a normalizer rejection, a body malformed through every retry). Its window is done and the watermark moves
-- on, so nothing would ever list it again: this row is the promise to fetch it again. Every later run retries
-- the rows that are due (next_attempt_at, exponential backoff per attempt, capped); the commit that stores the
-- trade resolves the row in the same transaction. The dead letter or quarantine row stays as the history.
CREATE TABLE etl.owed_trade (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id          text        NOT NULL,
    tid              bigint      NOT NULL,
    -- What the last attempt met: 'dead_letter' (the platform refused the detail call) or 'quarantine'.
    cause            text        NOT NULL CHECK (cause IN ('dead_letter', 'quarantine')),
    -- The last error in words (code/sub_code/sub_msg, or the normalizer's reason); secret-free.
    last_error       text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    first_owed_at    timestamptz NOT NULL,
    last_attempt_at  timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    first_run_id     bigint,
    last_run_id      bigint,
    resolved_at      timestamptz,
    resolved_run_id  bigint
);
-- One open record per (shop, tid); resolved ones stay as history.
CREATE UNIQUE INDEX owed_trade_open ON etl.owed_trade (shop_id, tid) WHERE resolved_at IS NULL;
CREATE INDEX owed_trade_due ON etl.owed_trade (shop_id, next_attempt_at) WHERE resolved_at IS NULL;

-- Open trade dead letters from before this migration were waiting for a manual refetch: they are owed now.
INSERT INTO etl.owed_trade (shop_id, tid, cause, last_error, attempts, first_owed_at, last_attempt_at, next_attempt_at, first_run_id, last_run_id)
SELECT shop_id, tid, 'dead_letter',
       concat_ws(' ', 'code ' || code, sub_code, sub_msg), attempts, first_seen, last_seen, last_seen, run_id, run_id
FROM etl.dead_letter
WHERE kind = 'trade' AND resolved_at IS NULL AND tid IS NOT NULL
ON CONFLICT DO NOTHING;

-- Quarantined trades that could name their tid and are not in staging are owed as well.
INSERT INTO etl.owed_trade (shop_id, tid, cause, last_error, first_owed_at, last_attempt_at, next_attempt_at, first_run_id, last_run_id)
SELECT DISTINCT ON (q.shop_id, q.tid) q.shop_id, q.tid, 'quarantine', q.reason, q.received_at, q.received_at, q.received_at, q.run_id, q.run_id
FROM etl.quarantine q
WHERE q.source = 'trade' AND q.tid IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM staging.sales_order o WHERE o.shop_id = q.shop_id AND o.tid = q.tid)
ORDER BY q.shop_id, q.tid, q.received_at DESC
ON CONFLICT DO NOTHING;

-- The same rights 005 gave the loader on every etl table (it predates this one).
GRANT SELECT, INSERT, UPDATE, DELETE ON etl.owed_trade TO taobao_etl_loader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA etl TO taobao_etl_loader;
