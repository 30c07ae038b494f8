-- Reconciliation (issue 16): the completeness proof against the platform itself. Every slice a reconcile (or a resync)
-- checked is one row: what the platform counted or listed, what staging held, what differed, what was repaired through
-- the detail path and what is still owed after the repair. Nothing here is ever deleted by the product: it is the
-- history the data team reads ("was 2026-11-11 complete, and since when?").
CREATE TABLE etl.reconciliation (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id          bigint      NOT NULL,
    shop_id         text        NOT NULL,
    -- 'day': the trades created in one platform day (taobao.trades.sold.get); 'recent': the trades modified in a
    -- stretch of the last hours (taobao.trades.sold.increment.get); 'resync': a range an operator asked to re-list.
    slice_kind      text        NOT NULL CHECK (slice_kind IN ('day', 'recent', 'resync')),
    range_start     timestamptz NOT NULL,
    range_end       timestamptz NOT NULL CHECK (range_end > range_start),
    -- 'count': one call compared the platform's total_results with staging's count; 'full': every (tid, modified)
    -- listed and diffed; 'force': a resync that fetched every listed trade again.
    depth           text        NOT NULL CHECK (depth IN ('count', 'full', 'force')),
    platform_count  bigint,
    staged_count    bigint      NOT NULL,
    -- Listed trades absent from staging; staged copies older than the listed modified; staged copies that are not
    -- whole (lines or the raw payload gone); staged trades the platform does not list (reported, never deleted);
    -- listed changes too recent to be owed yet (the next increment's look-back reads them).
    missing         integer     NOT NULL DEFAULT 0,
    stale           integer     NOT NULL DEFAULT 0,
    damaged         integer     NOT NULL DEFAULT 0,
    unknown         integer     NOT NULL DEFAULT 0,
    pending         integer     NOT NULL DEFAULT 0,
    repaired        integer     NOT NULL DEFAULT 0,
    owed            integer     NOT NULL DEFAULT 0,
    -- 'ok': nothing differed; 'repaired': differences found and all repaired; 'owed': some still differ after the repair
    -- (they are owed trades now, retried by every later run); 'unlisted': the platform's listing could not be proven
    -- complete, so nothing about the slice is proven.
    verdict         text        NOT NULL CHECK (verdict IN ('ok', 'repaired', 'owed', 'unlisted')),
    calls           integer     NOT NULL DEFAULT 0,
    checked_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reconciliation_shop_slice ON etl.reconciliation (shop_id, slice_kind, range_start, checked_at DESC);
CREATE INDEX reconciliation_run ON etl.reconciliation (run_id);

-- The trades behind a slice's numbers, so "exactly which orders were missing, and are they back?" is one query.
CREATE TABLE etl.reconciliation_trade (
    reconciliation_id  bigint      NOT NULL REFERENCES etl.reconciliation (id),
    shop_id            text        NOT NULL,
    tid                bigint      NOT NULL,
    finding            text        NOT NULL CHECK (finding IN ('missing', 'stale', 'damaged', 'unknown', 'unproven')),
    listed_modified    timestamptz,
    staged_modified    timestamptz,
    -- After the repair: true when staging now holds a whole copy at or after the listed modified; null for 'unknown'
    -- (nothing to repair: the product never deletes a staged trade).
    repaired           boolean,
    PRIMARY KEY (reconciliation_id, tid)
);
CREATE INDEX reconciliation_trade_shop_tid ON etl.reconciliation_trade (shop_id, tid);

-- A trade a reconcile found differing whose detail call answered but whose copy stayed older than the listing, or
-- that stayed damaged: owed like a refused one, so every later run retries it until a copy at the listed version is
-- stored.
ALTER TABLE etl.owed_trade DROP CONSTRAINT IF EXISTS owed_trade_cause_check;
ALTER TABLE etl.owed_trade ADD CONSTRAINT owed_trade_cause_check CHECK (cause IN ('dead_letter', 'quarantine', 'reconcile'));

-- The data team's completeness view: per shop and platform day, the last check of that day and its verdict.
CREATE VIEW staging.v_completeness AS
SELECT DISTINCT ON (r.shop_id, r.range_start)
       r.shop_id,
       (r.range_start AT TIME ZONE 'Asia/Shanghai')::date AS order_day,
       r.checked_at                                       AS last_checked_at,
       r.depth,
       r.verdict,
       r.platform_count,
       r.staged_count,
       r.missing,
       r.stale,
       r.damaged,
       r.unknown,
       r.repaired,
       r.owed,
       r.run_id
FROM etl.reconciliation r
WHERE r.slice_kind = 'day'
ORDER BY r.shop_id, r.range_start, r.checked_at DESC, r.id DESC;

GRANT SELECT, INSERT, UPDATE, DELETE ON etl.reconciliation, etl.reconciliation_trade TO taobao_etl_loader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA etl TO taobao_etl_loader;
GRANT SELECT ON staging.v_completeness TO taobao_etl_reader, taobao_etl_loader;
