-- Owed refunds (issue 18): a refund whose taobao.refund.get was refused or whose answer could not be mapped is owed
-- exactly like a trade (020, 040), so a refund window is never done with a refund neither stored nor owed. The owed
-- rows of both streams share etl.owed_trade: the table keeps its name because the data team's queries read it
-- (renaming it would break them), and every existing row is a trade (the default).
-- For stream 'refund' the column tid holds the refund_id (staging.refund.refund_id), not a trade's tid: a trade and a
-- refund may carry the same number, so every reader and the open-row key go by (shop_id, stream, tid).
ALTER TABLE etl.owed_trade ADD COLUMN stream text NOT NULL DEFAULT 'trade' CHECK (stream IN ('trade', 'refund'));
COMMENT ON COLUMN etl.owed_trade.tid IS 'The owed trade''s tid for stream ''trade''; the owed refund''s refund_id for stream ''refund''.';
COMMENT ON COLUMN etl.owed_trade.stream IS 'Which stream owes the row: ''trade'' (taobao.trade.fullinfo.get) or ''refund'' (taobao.refund.get).';

-- One open record per (shop, stream, key); resolved ones stay as history.
DROP INDEX etl.owed_trade_open;
CREATE UNIQUE INDEX owed_trade_open ON etl.owed_trade (shop_id, stream, tid) WHERE resolved_at IS NULL;
DROP INDEX etl.owed_trade_due;
CREATE INDEX owed_trade_due ON etl.owed_trade (shop_id, stream, next_attempt_at) WHERE resolved_at IS NULL;

-- Open refund dead letters from before this migration were waiting for a manual refetch: they are owed now, as 020
-- did for trades (none are expected: no refund detail path wrote them before issue 18).
INSERT INTO etl.owed_trade (shop_id, stream, tid, cause, last_error, attempts, first_owed_at, last_attempt_at, next_attempt_at, first_run_id, last_run_id)
SELECT shop_id, 'refund', refund_id, 'dead_letter',
       concat_ws(' ', 'code ' || code, sub_code, sub_msg), attempts, first_seen, last_seen, last_seen, run_id, run_id
FROM etl.dead_letter
WHERE kind = 'refund' AND resolved_at IS NULL AND refund_id IS NOT NULL
ON CONFLICT DO NOTHING;
