-- SPEC §8 in the database itself: nothing accepted is ever deleted or changed in place, and the
-- audit journal is append-only. Refusals raise SQLSTATE HB001 so callers can tell them from bugs.
CREATE FUNCTION hocba_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hocba: % on % is refused: this table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'HB001';
END
$$;
--> statement-breakpoint
-- A record may only move forward (valid -> recalled | replaced), once; everything else is its identity
-- or signed content. Columns are compared as a whole row minus the four lifecycle columns, so a column
-- added later is immutable unless it is named here.
CREATE FUNCTION hocba_guard_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lifecycle CONSTANT text[] := ARRAY['status', 'recalled_at', 'recall_reason', 'replaced_by'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'hocba: record % cannot be deleted', OLD.lookup_code USING ERRCODE = 'HB001';
  END IF;
  IF (to_jsonb(NEW) - lifecycle) IS DISTINCT FROM (to_jsonb(OLD) - lifecycle) THEN
    RAISE EXCEPTION 'hocba: the identity and content of record % cannot change', OLD.lookup_code
      USING ERRCODE = 'HB001';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status <> 'valid' THEN
    RAISE EXCEPTION 'hocba: record % is % and cannot become %', OLD.lookup_code, OLD.status, NEW.status
      USING ERRCODE = 'HB001';
  END IF;
  IF (OLD.recalled_at IS NOT NULL AND NEW.recalled_at IS DISTINCT FROM OLD.recalled_at)
     OR (OLD.recall_reason IS NOT NULL AND NEW.recall_reason IS DISTINCT FROM OLD.recall_reason)
     OR (OLD.replaced_by IS NOT NULL AND NEW.replaced_by IS DISTINCT FROM OLD.replaced_by) THEN
    RAISE EXCEPTION 'hocba: the recall or replacement of record % is set once', OLD.lookup_code
      USING ERRCODE = 'HB001';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER records_guard BEFORE UPDATE OR DELETE ON records
  FOR EACH ROW EXECUTE FUNCTION hocba_guard_record();
--> statement-breakpoint
CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_refuse_change();
--> statement-breakpoint
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION hocba_refuse_change();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_refuse_change();
--> statement-breakpoint
CREATE TRIGGER pdf_copies_append_only BEFORE UPDATE OR DELETE ON pdf_copies
  FOR EACH ROW EXECUTE FUNCTION hocba_refuse_change();
--> statement-breakpoint
CREATE TRIGGER pdf_copies_no_truncate BEFORE TRUNCATE ON pdf_copies
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_refuse_change();
