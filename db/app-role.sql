-- The role `hocba serve --no-migrate` connects as (docs/SECURITY.md, "Least privilege"): it reads and writes rows
-- and nothing else, so it cannot disable the immutability triggers, drop a table or replace a guard function.
-- Run as the role that owns the database, after `hocba migrate`; replace hocba_app (and set its password).
create role hocba_app login;
grant usage on schema public to hocba_app;
grant select, insert, update, delete on all tables in schema public to hocba_app;
grant usage, select on all sequences in schema public to hocba_app;
-- Tables and sequences a later `hocba migrate` creates get the same rights.
alter default privileges in schema public grant select, insert, update, delete on tables to hocba_app;
alter default privileges in schema public grant usage, select on sequences to hocba_app;
-- Reading drizzle's journal is how the server checks that the schema is current.
grant usage on schema drizzle to hocba_app;
grant select on drizzle.__drizzle_migrations to hocba_app;
