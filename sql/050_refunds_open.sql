-- The data team's open refunds (issue 18), each with the order line it is against, so "what money is still at risk
-- and on which goods" is one query. A refund is open until the platform ends it: SUCCESS (the money went back) or
-- CLOSED (withdrawn, cancelled, timed out). SELLER_REFUSE_BUYER stays open: the buyer can change the request or ask
-- the platform to step in. An unknown or missing status is shown as open, never hidden. A line can be refunded more
-- than once, one refund after another: is_latest_of_line says whether the line still names this refund
-- (null while the trade is not staged: the view still shows the refund).
CREATE VIEW staging.v_refunds_open AS
SELECT r.shop_id,
       r.refund_id,
       r.tid,
       r.oid,
       r.status,
       r.good_status,
       r.refund_phase,
       r.has_good_return,
       r.refund_fee,
       l.payment                          AS line_payment,
       l.title                            AS line_title,
       l.outer_iid,
       l.outer_sku_id,
       l.quantity,
       l.refund_status                    AS line_refund_status,
       CASE WHEN l.oid IS NULL THEN NULL ELSE l.refund_id IS NOT DISTINCT FROM r.refund_id END AS is_latest_of_line,
       r.reason,
       r.company_name                     AS return_company,
       r.sid                              AS return_sid,
       r.created,
       r.modified,
       now() - r.created                  AS open_for
FROM staging.refund r
LEFT JOIN staging.sales_order_line l ON l.shop_id = r.shop_id AND l.tid = r.tid AND l.oid = r.oid
WHERE coalesce(r.status, '') NOT IN ('SUCCESS', 'CLOSED');

-- 005 granted the tables that existed then; a view made later needs its own grant.
GRANT SELECT ON staging.v_refunds_open TO taobao_etl_reader;
GRANT SELECT ON staging.v_refunds_open TO taobao_etl_loader;
