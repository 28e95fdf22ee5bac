-- Issue 14: the database's share of an accepted package. A record's stored report is written once, read whole and
-- never queried inside, yet as jsonb PostgreSQL parsed its 7–8 KB into jsonb's binary form on every INSERT (and
-- printed it back on every read): about half the database's CPU per accepted package (docs/PERFORMANCE.md, "Ingest").
-- As json it is kept as the text the registry wrote. The record guard (0001) compares rows through to_jsonb, which
-- reads a json column as well as a jsonb one. The rewrite takes an exclusive lock on records for its length
-- (docs/DEPLOY.md, "PostgreSQL").
ALTER TABLE "records" ALTER COLUMN "report" SET DATA TYPE json USING "report"::json;--> statement-breakpoint
-- The package is gzip: compressing it again gains nothing, so it is stored as it is.
ALTER TABLE "records" ALTER COLUMN "package" SET STORAGE EXTERNAL;--> statement-breakpoint
-- LZ4 compresses a report in a fraction of pglz's time where the server has it (PostgreSQL ≥ 14 built with lz4, as
-- Debian's is); PGlite has only pglz, so there the default stays.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE "records" ALTER COLUMN "report" SET COMPRESSION lz4;
  END IF;
END
$$;
