CREATE TABLE "access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"lookup_code" text NOT NULL,
	"requester" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "access_log_kind" CHECK (kind in ('single', 'batch'))
);
--> statement-breakpoint
CREATE INDEX "access_log_code_at" ON "access_log" USING btree ("lookup_code","at");--> statement-breakpoint
CREATE INDEX "access_log_at" ON "access_log" USING btree ("at");--> statement-breakpoint
-- The access log is append-only (HB001) with ONE way out: hocba_prune_access_log below, which deletes the rows past
-- the retention period. It runs as the owner of the table (SECURITY DEFINER) and marks its transaction with the
-- cut-off; the guard lets a DELETE through only as the owner, with that mark, for a row older than the mark and
-- older than 30 days. So the server's row-only role (db/app-role.sql) can prune but never erase a recent lookup,
-- and a plain DELETE by anyone is refused. UPDATE is always refused: a lookup, once written, is never changed.
CREATE FUNCTION hocba_guard_access_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff text := current_setting('hocba.access_log_prune_before', true);
BEGIN
  IF TG_OP = 'DELETE'
     AND cutoff IS NOT NULL AND cutoff <> ''
     AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
     AND OLD.at < cutoff::timestamptz
     AND OLD.at < now() - interval '30 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'hocba: % on % is refused: this table is append-only (retention: hocba access-log prune)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'HB001';
END
$$;
--> statement-breakpoint
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION hocba_guard_access_log();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_refuse_change();
--> statement-breakpoint
-- Deletes the lookups older than keep_days (at least 30) before `at_time`, or before the database's own clock if that
-- is earlier (a caller cannot reach into the future to delete more); answers how many rows went.
CREATE FUNCTION hocba_prune_access_log(keep_days integer, at_time timestamptz) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cutoff timestamptz;
  deleted bigint;
BEGIN
  IF keep_days IS NULL OR keep_days < 30 THEN
    RAISE EXCEPTION 'hocba: access-log retention must be at least 30 days (got %)', keep_days USING ERRCODE = 'HB001';
  END IF;
  cutoff := least(at_time, now()) - make_interval(days => keep_days);
  PERFORM set_config('hocba.access_log_prune_before', cutoff::text, true);
  DELETE FROM public.access_log WHERE at < cutoff;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('hocba.access_log_prune_before', '', true);
  RETURN deleted;
END
$$;
