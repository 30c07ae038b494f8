-- Least privilege: the loader writes rows but cannot change the schema; readers only read staging.
-- Roles are cluster-wide and may already exist (another database of the same cluster, or a concurrent
-- migrator elsewhere), so creation tolerates both.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'taobao_etl_loader') THEN
        BEGIN
            CREATE ROLE taobao_etl_loader NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'taobao_etl_reader') THEN
        BEGIN
            CREATE ROLE taobao_etl_reader NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA raw, staging, etl TO taobao_etl_loader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA raw, staging, etl TO taobao_etl_loader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA raw, staging, etl TO taobao_etl_loader;

GRANT USAGE ON SCHEMA staging TO taobao_etl_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA staging TO taobao_etl_reader;
