-- Three schemas, three jobs: raw keeps what the platform said, staging is what the ERP reads,
-- etl is the pipeline's own ledger (windows, watermarks, runs, dead letters, quarantine).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS etl;

CREATE TABLE etl.shop (
    shop_id               text        NOT NULL PRIMARY KEY,
    seller_nick           text,
    -- Set when the platform answered code 27: the seller must authorize the app again.
    reauthorize_required  boolean     NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- One watermark per shop and stream ('trade', 'refund'). It only ever moves to the end of the
-- longest run of fully committed slices, so a crash never skips a slice.
CREATE TABLE etl.sync_state (
    shop_id      text        NOT NULL,
    stream       text        NOT NULL CHECK (stream IN ('trade', 'refund')),
    watermark    timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_id, stream)
);

-- The window ledger: every backfill day and increment slice, with what it cost and where it is.
CREATE TABLE etl.window (
    shop_id      text        NOT NULL,
    stream       text        NOT NULL CHECK (stream IN ('trade', 'refund')),
    kind         text        NOT NULL CHECK (kind IN ('backfill_day', 'increment_slice')),
    range_start  timestamptz NOT NULL,
    range_end    timestamptz NOT NULL,
    status       text        NOT NULL CHECK (status IN ('planned', 'listing', 'listed', 'done', 'failed')),
    pages        integer     NOT NULL DEFAULT 0,
    listed       integer     NOT NULL DEFAULT 0,
    fetched      integer     NOT NULL DEFAULT 0,
    skipped      integer     NOT NULL DEFAULT 0,
    attempts     integer     NOT NULL DEFAULT 0,
    run_id       bigint,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_id, stream, kind, range_start),
    CHECK (range_end > range_start)
);

CREATE TABLE etl.run (
    run_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id        text,
    command        text        NOT NULL,
    started_at     timestamptz NOT NULL DEFAULT now(),
    ended_at       timestamptz,
    status         text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'stopped')),
    exit_code      integer,
    windows        integer     NOT NULL DEFAULT 0,
    pages          integer     NOT NULL DEFAULT 0,
    tids_listed    bigint      NOT NULL DEFAULT 0,
    detail_calls   bigint      NOT NULL DEFAULT 0,
    skipped_known  bigint      NOT NULL DEFAULT 0,
    rows_written   bigint      NOT NULL DEFAULT 0,
    dead_letters   integer     NOT NULL DEFAULT 0,
    quarantined    integer     NOT NULL DEFAULT 0,
    api_calls      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    trades_per_s   numeric(14,2),
    message        text
);
CREATE INDEX run_shop_started ON etl.run (shop_id, started_at DESC);

-- Caller errors (isv.*) are never retried automatically: the tid or window waits here for `refetch`.
CREATE TABLE etl.dead_letter (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id       text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('trade', 'refund', 'window')),
    tid           bigint,
    refund_id     bigint,
    window_start  timestamptz,
    window_end    timestamptz,
    method        text        NOT NULL,
    code          integer,
    sub_code      text,
    sub_msg       text,
    request_id    text,
    attempts      integer     NOT NULL DEFAULT 1,
    first_seen    timestamptz NOT NULL DEFAULT now(),
    last_seen     timestamptz NOT NULL DEFAULT now(),
    resolved_at   timestamptz,
    run_id        bigint
);
CREATE UNIQUE INDEX dead_letter_open_trade ON etl.dead_letter (shop_id, tid) WHERE kind = 'trade' AND resolved_at IS NULL;
CREATE UNIQUE INDEX dead_letter_open_refund ON etl.dead_letter (shop_id, refund_id) WHERE kind = 'refund' AND resolved_at IS NULL;

-- Input that could not be parsed: kept whole with the reason, never silently dropped.
CREATE TABLE etl.quarantine (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id       text        NOT NULL,
    tid           bigint,
    source        text        NOT NULL,
    reason        text        NOT NULL,
    raw_text      text        NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    run_id        bigint
);
CREATE INDEX quarantine_shop_tid ON etl.quarantine (shop_id, tid);
