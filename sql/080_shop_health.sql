-- Degraded mode (issue 16, seed 002: 接口调用失败率超5%时自动降级为每小时全量拉取). When a shop's increments keep failing more
-- than 5% of their calls, the increment stops hammering the platform for it and an hourly full reconcile of the recent
-- hours takes its place, until a check's failure ratio is back under the line. The shop row says which mode it is in.
ALTER TABLE etl.shop ADD COLUMN sync_mode text NOT NULL DEFAULT 'normal' CHECK (sync_mode IN ('normal', 'degraded'));
-- Increments in a row whose failure ratio was over the line (reset by one under it).
ALTER TABLE etl.shop ADD COLUMN hot_runs integer NOT NULL DEFAULT 0 CHECK (hot_runs >= 0);
ALTER TABLE etl.shop ADD COLUMN last_failure_ratio numeric(6,4);
ALTER TABLE etl.shop ADD COLUMN degraded_since timestamptz;
-- When the last degraded-mode reconcile of the shop ran (the next is due an hour later).
ALTER TABLE etl.shop ADD COLUMN degraded_checked_at timestamptz;
