// Immutability at the database level (SPEC §8): the application's own statements, replayed with forged values,
// and every other SQL shape that could reach published rows (each column, DELETE, TRUNCATE, upsert, MERGE,
// cascades through parents) are refused by the database itself, on PGlite and PostgreSQL alike.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { databasesUnderTest, sqlStateOf, TEST_POSTGRES_URL, withClient } from '../helpers/database.ts';
import { loadCorpus } from './support/corpus.ts';
import { openLoggedDatabase, type LoggedStatement } from './support/logged-database.ts';
import { populate, type Populated } from './support/populate.ts';
import { openCorpusRegistry, type CorpusRegistry } from './support/registry.ts';

const corpus = loadCorpus();
const PROTECTED = ['records', 'events', 'pdf_copies', 'log_entries', 'log_nodes', 'log_checkpoints'];
/** The only statements the application writes protected tables with (drizzle's text, up to the WHERE). */
const ALLOWED_WRITES = [
  'insert into "records" (',
  'update "records" set "status" = $1, "recalled_at" = $2, "recall_reason" = $3 where "records"."lookup_code" = $4',
  'update "records" set "status" = $1, "replaced_by" = $2 where "records"."lookup_code" = $3',
  'insert into "events" (',
  'insert into "pdf_copies" (',
  'insert into "log_entries" (',
  'insert into "log_nodes" (',
  'insert into "log_checkpoints" (',
];
/** The one delete the application sends: the log's sequencer takes integrated entries off its pending queue. */
const QUEUE_DELETE = /^delete from "log_pending" where "log_pending"\."id" in \(/;
const REFUSED = ['HB001', '23514', '23503'];
const TABLE_NAMES = 'records|events|pdfCopies|schools|schoolCertificates|schoolTokens|trustedCas|crls|lockDates|lateWindows|submissions|operators|operatorSessions|logPending|logEntries|logNodes|logCheckpoints|transfers|transferProposals|provinceTokens|forwardCursors';
/** A drizzle update/delete of a table, an upsert, or raw SQL that updates, deletes or truncates. */
const WRITE_SITE = new RegExp(`\\.(update|delete)\\(\\s*(${TABLE_NAMES})\\s*\\)|onConflictDoUpdate|\\bupdate\\s+"?records\\b|\\bdelete\\s+from\\b|\\btruncate\\s`, 'i');

async function stateOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'done';
  } catch (error) {
    return sqlStateOf(error) ?? `no SQLSTATE: ${String(error)}`;
  }
}

const shapeOf = (statement: LoggedStatement) => statement.sql.replace(/\s+/g, ' ').trim();
const writes = (statements: LoggedStatement[]) => statements.map(shapeOf).filter((sql) => !/^select\b/i.test(sql));

describe('immutability of published content', () => {
  describe('the SQL the application sends (every registry operation, logged)', () => {
    let database: Awaited<ReturnType<typeof openLoggedDatabase>>;
    let opened: CorpusRegistry;
    let populated: Populated;
    beforeAll(async () => {
      database = await openLoggedDatabase();
      opened = await openCorpusRegistry(database, corpus.kit, corpus.manifest.approvals);
      populated = await populate(opened, corpus.kit);
      // Refused operations run too: their statements are paths as well.
      await opened.registry.recallRecord('01001001', populated.recalled, 'lần hai', corpus.now).catch(() => {});
      await opened.registry.replaceRecord('01001001', populated.replaced, 'AAAA', corpus.now).catch(() => {});
    });
    afterAll(async () => {
      await opened?.close();
      await database?.close();
    });

    it('writes records, events, pdf_copies and the log only with the allowed statements, and never deletes (but the log queue), truncates or alters', () => {
      const all = writes(database.statements);
      expect(all.length).toBeGreaterThan(20);
      for (const sql of all) {
        if (QUEUE_DELETE.test(sql)) continue;
        expect(sql, sql).not.toMatch(/^(delete|truncate|alter|drop|create|grant|set session_replication_role)\b/i);
        const table = /^(?:insert into|update|merge into) "(\w+)"/i.exec(sql)?.[1];
        if (table && PROTECTED.includes(table)) expect(ALLOWED_WRITES.some((allowed) => sql.startsWith(allowed)), sql).toBe(true);
      }
      expect(new Set(all.filter((sql) => /^update "records"/.test(sql)).map((sql) => sql.split(' where ')[0])).size).toBe(2);
    });

    it('has no other write call site in api/ than those (a new one must be added here and proven)', () => {
      const sites: string[] = [];
      for (const file of readdirSync('api', { recursive: true }) as string[]) {
        if (!file.endsWith('.ts')) continue;
        readFileSync(join('api', file), 'utf8').split('\n').forEach((line, i) => {
          if (WRITE_SITE.test(line) && !/^\s*(\/\/|\*)/.test(line)) sites.push(`${file}:${i + 1}`);
        });
      }
      expect(sites.map((site) => site.replace(/:\d+$/, '')).sort()).toEqual([
        'registry/corrections.ts', // recall: status, recalled_at, recall_reason
        'registry/expected-counts.ts', // the Sở's expected record count per school and year (expected_counts upsert, journaled; issue 20)
        'registry/forward-accounts.ts', // a national instance: a province's tokens revoked (province_tokens.revoked_at, journaled)
        'registry/forward-receive.ts', // a national instance: the province's cursor moves forward (forward_cursors upsert, journaled)
        'registry/forward-receive.ts', // a national instance: a forwarded replacement (status, replaced_by)
        'registry/forward-receive.ts', // a national instance: a forwarded recall (status, recalled_at, recall_reason)
        'registry/late-windows.ts', // closing a late window: closed_at, closed_by, close_reason, once (trigger of migration 0005)
        'registry/lock-settings.ts', // the Sở's lock dates per school year (lock_dates upsert, journaled)
        'registry/log-store.ts', // the sequencer takes integrated entries off the pending queue (log_pending)
        // operator accounts and sessions are not append-only (docs/SECURITY.md D17), each change is journaled:
        'registry/operator-sessions.ts', // login: failure count, lockout and its reset, a rehashed password (operators)
        'registry/operator-sessions.ts', // logout: the session's revoked_at (operator_sessions)
        'registry/operator-sessions.ts', // a failed login: failure count or lockout (operators)
        'registry/operator-sessions.ts', // a console session's last use, for its idle limit (operator_sessions.last_seen_at; issue 20)
        'registry/operators.ts', // new password, lockout lifted (operators)
        'registry/operators.ts', // disabled_at (operators)
        'registry/operators.ts', // sessions revoked on a new password or disabling (operator_sessions)
        'registry/restore.ts', // restore: a replaced record moves forward once its successor is in
        'registry/schools.ts', // withdrawal of a seal approval (school_certificates, journaled)
        'registry/schools.ts', // a school's API tokens revoked (school_tokens.revoked_at, journaled token_revoke)
        'registry/transfer-proposals.ts', // a school's proposal cancelled: status, settled_at, settled_by, once (trigger of migration 0011)
        'registry/transfer-proposals.ts', // a school's proposal confirmed: status, settled_at, settled_by, transfer_id, once (trigger of migration 0011)
        'registry/writer.ts', // replace: status, replaced_by
      ]);
    });

    it.each([
      ['recall', 'recalled', (code: string) => ['recalled', new Date().toISOString(), 'lý do giả mạo', code]],
      ['recall', 'replaced', (code: string) => ['recalled', new Date().toISOString(), 'lý do giả mạo', code]],
      ['replace', 'recalled', (code: string) => ['replaced', 'F'.repeat(32), code]],
      ['replace', 'replaced', (code: string) => ['replaced', 'E'.repeat(32), code]],
    ] as const)('refuses its own %s statement replayed on a %s record with forged values', async (kind, state, params) => {
      const prefix = kind === 'recall' ? ALLOWED_WRITES[1]! : ALLOWED_WRITES[2]!;
      const statement = database.statements.find((found) => shapeOf(found).startsWith(prefix))!;
      const code = state === 'recalled' ? populated.recalled : populated.replaced;
      const before = await database.query(`select to_jsonb(r)::text as row from records r where lookup_code = $1`, [code]);
      expect(await stateOf(database.query(statement.sql, params(code)))).toMatch(/^(HB001|23514|23503)$/);
      expect(await database.query(`select to_jsonb(r)::text as row from records r where lookup_code = $1`, [code])).toEqual(before);
    });
  });

  describe.each(databasesUnderTest())('any SQL on $name', ({ open }) => {
    let database: Database;
    let opened: CorpusRegistry;
    let populated: Populated;
    let columns: Array<{ name: string; type: string }>;
    beforeAll(async () => {
      database = await open();
      opened = await openCorpusRegistry(database, corpus.kit, corpus.manifest.approvals);
      populated = await populate(opened, corpus.kit);
      columns = (await database.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_name = 'records' order by ordinal_position`,
      )).map((row) => ({ name: row.column_name, type: row.data_type }));
    });
    afterAll(async () => {
      await opened?.close();
      await database?.close();
    });

    const codeIn = (state: string) => (state === 'valid' ? populated.copied : state === 'recalled' ? populated.recalled : populated.replaced);
    const rowOf = (code: string) => database.query(`select to_jsonb(r)::text as row from records r where lookup_code = $1`, [code]);
    // recall_reason may still be written on a record that is not recalled: a gap in hocba_guard_record (see docs/SECURITY.md).
    const gap = (state: string, column: string) => column === 'recall_reason' && state !== 'recalled';

    for (const state of ['valid', 'recalled', 'replaced']) {
      it(`refuses a change of each column of a ${state} record, whatever its type`, async () => {
        for (const { name, type } of columns) {
          if (gap(state, name)) continue;
          const code = codeIn(state);
          const before = await rowOf(code);
          const state_ = await stateOf(database.query(`update records set "${name}" = ${changed(name, type)} where lookup_code = $1`, [code]));
          expect([name, REFUSED.includes(state_) ? 'refused' : state_]).toEqual([name, 'refused']);
          expect(await rowOf(code)).toEqual(before);
        }
      });

    }

    // Closed by migration 0002 (the lifecycle columns move only with their status).
    it.each(['valid', 'replaced'])('refuses recall_reason written on a %s record', async (state) => {
      expect(REFUSED).toContain(await stateOf(database.query(`update records set recall_reason = 'giả mạo' where lookup_code = $1`, [codeIn(state)])));
    });

    it.each([
      ['DELETE of a record', `delete from records where lookup_code = $1`, 'HB001'],
      ['DELETE of every record', `delete from records where $1 <> ''`, 'HB001'],
      ['upsert over a record (INSERT … ON CONFLICT DO UPDATE)', `insert into records select * from records where lookup_code = $1 on conflict (lookup_code) do update set package = excluded.package || '\\x00'::bytea`, 'HB001'],
      ['MERGE into records', `merge into records r using (select $1::text as code) s on r.lookup_code = s.code when matched then update set student_name = 'Kẻ Mạo Danh'`, 'HB001'],
      ['MERGE … DELETE', `merge into records r using (select $1::text as code) s on r.lookup_code = s.code when matched then delete`, 'HB001'],
      ['TRUNCATE of records', `truncate records cascade`, 'HB001'],
      ['TRUNCATE of schools, cascading to records', `truncate schools cascade`, 'HB001'],
      ['DELETE of the school (parent row)', `delete from schools where code = (select school_code from records where lookup_code = $1)`, '23503'],
      ['a new code for the school (parent key)', `update schools set code = '99999999' where code = (select school_code from records where lookup_code = $1)`, '23503'],
    ])('refuses %s', async (_what, statement, expected) => {
      const before = await rowOf(populated.copied);
      const params = statement.includes('$1') ? [populated.copied] : [];
      expect(await stateOf(database.query(statement, params))).toBe(expected);
      expect(await rowOf(populated.copied)).toEqual(before);
    });

    it.each([
      ['events', `update events set actor = 'x'`], ['events', `delete from events`], ['events', `truncate events`],
      ['pdf_copies', `update pdf_copies set copy_number = copy_number + 100`], ['pdf_copies', `delete from pdf_copies`], ['pdf_copies', `truncate pdf_copies cascade`],
      // Lookups leave only through the retention function (D42), never by a plain statement.
      ['access_log', `update access_log set requester = 'x'`], ['access_log', `delete from access_log`], ['access_log', `truncate access_log`],
    ])('keeps %s append-only: refuses %s', async (table, statement) => {
      const before = await database.query(`select count(*)::int as n, md5(string_agg(to_jsonb(t)::text, '' order by id)) as h from ${table} t`);
      expect(await stateOf(database.query(statement))).toBe('HB001');
      expect(await database.query(`select count(*)::int as n, md5(string_agg(to_jsonb(t)::text, '' order by id)) as h from ${table} t`)).toEqual(before);
    });
  });

  describe('with the server on a DML-only role (docs/SECURITY.md deployment)', () => {
    it('cannot switch the guards off: no DISABLE TRIGGER, no replica mode, no DROP, no replaced guard function', async () => {
      const database = await databasesUnderTest().find((entry) => entry.name === 'postgres')!.open();
      const opened = await openCorpusRegistry(database, corpus.kit, corpus.manifest.approvals);
      const populated = await populate(opened, corpus.kit);
      const [{ db }] = await database.query<{ db: string }>('select current_database() as db') as [{ db: string }];
      const role = `hocba_app_${db.slice(-12)}`;
      // Exactly the rights docs/SECURITY.md gives the server's role.
      await database.query(readFileSync(new URL('../../db/app-role.sql', import.meta.url), 'utf8').replaceAll('hocba_app', role));
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${db}`;
      url.username = role;
      try {
        await withClient(url.toString(), async (app) => {
        const attempt = (text: string) => stateOf(app.query(text));
        expect(await attempt(`update records set package = '\\x00' where lookup_code = '${populated.copied}'`)).toBe('HB001');
        expect(await attempt(`delete from events`)).toBe('HB001');
        expect(await attempt(`alter table records disable trigger records_guard`)).toBe('42501');
        expect(await attempt(`alter table events disable trigger all`)).toBe('42501');
        expect(await attempt(`set session_replication_role = replica`)).toBe('42501');
        expect(await attempt(`drop trigger records_guard on records`)).toBe('42501');
        expect(await attempt(`create or replace function hocba_guard_record() returns trigger language plpgsql as $$ begin return new; end $$`)).toBe('42501');
        expect(await attempt(`truncate records`)).toBe('42501');
        expect(await attempt(`drop table events`)).toBe('42501');
        });
      } finally {
        await opened.close();
        await database.close();
        await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`drop role if exists ${role}`)).catch(() => {});
      }
    });
  });
});

/** An SQL expression that differs from the column's current value, for the column's type. */
function changed(name: string, type: string): string {
  const column = `"${name}"`;
  switch (type) {
    case 'bytea': return `coalesce(${column}, ''::bytea) || '\\x00'::bytea`;
    case 'jsonb': return `coalesce(${column}, '{}'::jsonb) || '{"forged": true}'::jsonb`;
    case 'json': return `(coalesce(${column}::jsonb, '{}'::jsonb) || '{"forged": true}'::jsonb)::json`;
    case 'timestamp with time zone': return `coalesce(${column}, now()) + interval '1 day'`;
    case 'boolean': return `not coalesce(${column}, false)`;
    case 'integer': return `coalesce(${column}, 0) + 1`;
    default: return `coalesce(${column}, '') || 'x'`;
  }
}
