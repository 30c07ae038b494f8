CREATE TABLE raw.refund (
    shop_id     text        NOT NULL,
    refund_id   bigint      NOT NULL,
    modified    timestamptz NOT NULL,
    fetched_at  timestamptz NOT NULL,
    payload     jsonb       NOT NULL,
    PRIMARY KEY (shop_id, refund_id)
);

CREATE TABLE staging.refund (
    shop_id          text          NOT NULL,
    refund_id        bigint        NOT NULL,
    tid              bigint,
    oid              bigint,
    title            text,
    buyer_nick       text,
    seller_nick      text,
    total_fee        numeric(14,2),
    refund_fee       numeric(14,2),
    payment          numeric(14,2),
    status           text,
    good_status      text,
    order_status     text,
    refund_phase     text,
    dispute_type     text,
    reason           text,
    description      text,
    has_good_return  boolean,
    company_name     text,
    sid              text,
    created          timestamptz,
    modified         timestamptz   NOT NULL,
    fetched_at       timestamptz   NOT NULL,
    synced_at        timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_id, refund_id)
);
CREATE INDEX refund_shop_tid ON staging.refund (shop_id, tid);
