-- The data team's common questions, answered once in SQL rather than in every dashboard.
CREATE VIEW staging.v_orders_per_day_status AS
SELECT shop_id,
       (created AT TIME ZONE 'Asia/Shanghai')::date AS order_day,
       erp_status,
       count(*)                                     AS orders,
       sum(payment)                                 AS payment
FROM staging.sales_order
GROUP BY shop_id, (created AT TIME ZONE 'Asia/Shanghai')::date, erp_status;

CREATE VIEW staging.v_unshipped_paid_orders AS
SELECT shop_id, tid, pay_time, payment, receiver_state, receiver_city, line_count,
       now() - pay_time AS waiting
FROM staging.sales_order
WHERE taobao_status = 'WAIT_SELLER_SEND_GOODS';
