-- Issue 14: a record's signed XML is its stored package inflated, byte for byte (api/registry/stored-xml.ts), so the
-- row keeps only the package SPEC §8 asks for (the exact bytes received). The record guard (0001, 0002) compares
-- whole rows minus the lifecycle columns and names no content column, so it needs no change; dropping a column is
-- not an UPDATE and fires no row trigger. The XML's bytes stay on disk until their rows are rewritten (docs/DEPLOY.md).
ALTER TABLE "records" DROP COLUMN "xml";
