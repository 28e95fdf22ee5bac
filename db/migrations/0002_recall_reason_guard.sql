-- The lifecycle columns move only together with the status, once: a recall sets recalled_at and
-- recall_reason in the same update that turns a valid record recalled; a replacement sets replaced_by in
-- the update that turns it replaced. Before this, recall_reason could be written alone on a valid or
-- replaced record by plain SQL (found by tests/security/immutability.test.ts).
CREATE OR REPLACE FUNCTION hocba_guard_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lifecycle CONSTANT text[] := ARRAY['status', 'recalled_at', 'recall_reason', 'replaced_by'];
  recalling boolean := OLD.status = 'valid' AND NEW.status = 'recalled';
  replacing boolean := OLD.status = 'valid' AND NEW.status = 'replaced';
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'hocba: record % cannot be deleted', OLD.lookup_code USING ERRCODE = 'HB001';
  END IF;
  IF (to_jsonb(NEW) - lifecycle) IS DISTINCT FROM (to_jsonb(OLD) - lifecycle) THEN
    RAISE EXCEPTION 'hocba: the identity and content of record % cannot change', OLD.lookup_code
      USING ERRCODE = 'HB001';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (recalling OR replacing) THEN
    RAISE EXCEPTION 'hocba: record % is % and cannot become %', OLD.lookup_code, OLD.status, NEW.status
      USING ERRCODE = 'HB001';
  END IF;
  IF ((NEW.recalled_at IS DISTINCT FROM OLD.recalled_at OR NEW.recall_reason IS DISTINCT FROM OLD.recall_reason) AND NOT recalling)
     OR (NEW.replaced_by IS DISTINCT FROM OLD.replaced_by AND NOT replacing) THEN
    RAISE EXCEPTION 'hocba: the recall or replacement of record % is set once, with its status', OLD.lookup_code
      USING ERRCODE = 'HB001';
  END IF;
  RETURN NEW;
END
$$;
