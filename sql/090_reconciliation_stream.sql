-- Reconcile checks refunds too (the recent hours by modified, taobao.refunds.receive.get): a refund change the list
-- index showed later than the increments' look-back reached is found and repaired like a trade's. Which stream a
-- slice checked; for 'refund' the trades of etl.reconciliation_trade are refunds (tid holds the refund_id).
ALTER TABLE etl.reconciliation ADD COLUMN stream text NOT NULL DEFAULT 'trade' CHECK (stream IN ('trade', 'refund'));
COMMENT ON COLUMN etl.reconciliation_trade.tid IS 'The trade''s tid, or for a refund slice (etl.reconciliation.stream = ''refund'') the refund_id.';
