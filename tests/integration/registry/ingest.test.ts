import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { decodePackage } from '../../../api/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { SCHOOLS } from '../../helpers/signed-records.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, openRegistryFixture, SCHOOL_A, SCHOOL_B, type Fixture } from './setup.ts';

const pki = await makeRegistryFixtures();

describe.each(databasesUnderTest())('registry ingest on $name', ({ open }) => {
  let database: Database;
  let fx: Fixture;

  beforeAll(async () => ({ database, fx } = await openRegistryFixture(open, pki)));
  afterAll(() => database?.close());

  it('applies every migration, triggers included', async () => {
    const tables = await database.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((t) => t.name)).toEqual([
      'access_log', 'crls', 'events', 'expected_counts', 'forward_cursors', 'late_windows', 'lock_dates', 'log_checkpoints', 'log_entries', 'log_nodes',
      'log_pending', 'operator_sessions', 'operators', 'pdf_copies', 'province_tokens', 'records', 'school_certificates', 'school_tokens', 'schools',
      'submissions', 'transfer_proposals', 'transfers', 'trusted_cas',
    ]);
    const triggers = await database.query<{ name: string }>(`select tgname as name from pg_trigger where not tgisinternal order by 1`);
    expect(triggers.map((t) => t.name)).toEqual(expect.arrayContaining(['records_guard', 'events_append_only', 'events_no_truncate', 'late_windows_guard', 'late_windows_no_truncate', 'access_log_append_only', 'access_log_no_truncate', 'transfers_append_only', 'transfers_no_truncate', 'transfer_proposals_guard', 'transfer_proposals_no_truncate']));
  });

  describe('when a new record is pushed', () => {
    it('accepts it with a receipt and stores the exact bytes', async () => {
      const code = newLookupCode();
      const pkg = await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A });
      const [result] = await fx.registry.submitPackages(SCHOOL_A, [pkg], BEFORE_LOCK);
      expect(result).toMatchObject({ lookupCode: code, status: 'accepted', receipt: { lookupCode: code, schoolCode: SCHOOL_A, receivedAt: BEFORE_LOCK.toISOString() } });
      const xml = await fx.registry.loadRecordXml(code.toLowerCase());
      expect(Buffer.from(xml!).equals(decodePackage(pkg))).toBe(true);
      const personalId = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(decodePackage(pkg).toString('utf8'))![1]!;
      const [row] = await database.query<{ package: string; personal_id_last4: string }>(
        `select encode(package, 'escape') as package, personal_id_last4 from records where lookup_code = $1`, [code],
      );
      expect(row).toEqual({ package: pkg, personal_id_last4: personalId.slice(-4) });
      // The package is the one copy of the bytes (issue 14): the XML above is it inflated, not a second column.
      expect(await database.query(`select column_name from information_schema.columns where table_name = 'records' and data_type = 'bytea'`))
        .toEqual([{ column_name: 'package' }]);
      expect(await fx.registry.findByDigest(result!.status === 'accepted' ? result!.receipt.digest : '')).toEqual([code]);
    });

    it('answers the same bytes again with the same receipt', async () => {
      const code = newLookupCode();
      const pkg = await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A });
      const [first] = await fx.registry.submitPackages(SCHOOL_A, [pkg], BEFORE_LOCK);
      const [again] = await fx.registry.submitPackages(SCHOOL_A, [pkg], new Date(BEFORE_LOCK.getTime() + 60_000));
      expect(again).toEqual(first);
      const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from records where lookup_code = $1', [code]) as [{ n: number }];
      expect(n).toBe(1);
    });

    it('rejects another document under a taken code with code_taken', async () => {
      const code = newLookupCode();
      await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A })], BEFORE_LOCK);
      const [result] = await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, note: 'sửa' })], BEFORE_LOCK);
      expect(result).toMatchObject({ lookupCode: code, status: 'rejected', errors: [{ code: 'code_taken' }] });
      // The refusal keeps the grade and year its record named (the console counts refusals per grade): the stored record's.
      const stored = await database.query('select grade, school_year from records where lookup_code = $1', [code]);
      expect(await database.query(`select grade, school_year from submissions where lookup_code = $1 and status = 'rejected'`, [code])).toEqual(stored);
      expect(stored).toEqual([{ grade: expect.any(Number), school_year: expect.stringMatching(/^\d{4}-\d{4}$/) }]);
    });

    it('lets exactly one of two concurrent documents with one code win', async () => {
      const code = newLookupCode();
      const one = await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, note: 'một' });
      const two = await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, note: 'hai' });
      const results = await Promise.all([
        fx.registry.submitPackages(SCHOOL_A, [one], BEFORE_LOCK),
        fx.registry.submitPackages(SCHOOL_A, [two], BEFORE_LOCK),
      ]);
      const statuses = results.map(([r]) => r!.status).sort();
      expect(statuses).toEqual(['accepted', 'rejected']);
      const loser = results.map(([r]) => r!).find((r) => r.status === 'rejected');
      expect(loser).toMatchObject({ errors: [{ code: 'code_taken' }] });
    });

    it('settles one code twice within one batch: the same bytes share a receipt, other bytes are code_taken', async () => {
      const code = newLookupCode();
      const one = await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, note: 'một' });
      const two = await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, note: 'hai' });
      const [first, same, other] = await fx.registry.submitPackages(SCHOOL_A, [one, one, two], BEFORE_LOCK);
      expect(first).toMatchObject({ lookupCode: code, status: 'accepted' });
      expect(same).toEqual(first);
      expect(other).toMatchObject({ lookupCode: code, status: 'rejected', errors: [{ code: 'code_taken' }] });
      const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from records where lookup_code = $1', [code]) as [{ n: number }];
      expect(n).toBe(1);
      expect((await fx.registry.verifyAuditChain()).ok).toBe(true);
    });
  });

  describe('when many schools push at once', () => {
    it('keeps one linear audit chain', async () => {
      const prepared = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
        const school = i % 2 === 0 ? SCHOOL_A : SCHOOL_B;
        return {
          school,
          packages: [
            await fx.pkg({ lookupCode: newLookupCode(), schoolCode: school }),
            await fx.pkg({ lookupCode: newLookupCode(), schoolCode: school, studentCode: `000000000${i}` }),
          ],
        };
      }));
      const batches = prepared.map(({ school, packages }) => fx.registry.submitPackages(school, packages, BEFORE_LOCK));
      const results = (await Promise.all(batches)).flat();
      expect(results.every((r) => r.status === 'accepted')).toBe(true);
      expect(await fx.registry.verifyAuditChain()).toMatchObject({ ok: true });
      const [forks] = await database.query<{ n: number }>('select count(*)::int as n from (select prev_hash from events group by 1 having count(*) > 1) f');
      expect(forks).toEqual({ n: 0 });
    });
  });

  describe('when the record belongs to another school', () => {
    it('rejects it with school_mismatch at MaTruong', async () => {
      const code = newLookupCode();
      const [result] = await fx.registry.submitPackages(SCHOOL_B, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A })], BEFORE_LOCK);
      expect(result).toMatchObject({ lookupCode: code, status: 'rejected', errors: [{ code: 'school_mismatch', path: 'MaTruong' }] });
      expect(await fx.registry.getRecord(code)).toBeNull();
    });
  });

  describe('when the package or the verdict is bad', () => {
    it('answers each package of a batch in order, with the engine issues and codec errors', async () => {
      const good = newLookupCode();
      const bad = newLookupCode();
      const results = await fx.registry.submitPackages(SCHOOL_A, [
        await fx.pkg({ lookupCode: good, schoolCode: SCHOOL_A }),
        'not base64 at all!',
        await fx.pkg({ lookupCode: bad, schoolCode: SCHOOL_A, sealedBy: SCHOOLS.b.seal }),
      ], BEFORE_LOCK);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'rejected']);
      expect(results[1]).toMatchObject({ lookupCode: null, errors: [{ code: 'package_not_base64' }] });
      expect(results[2]).toMatchObject({ lookupCode: bad, errors: [{ code: 'cert_not_approved', signature: 1 }] });
      expect(typeof (results[2] as { errors: { message: string }[] }).errors[0]!.message).toBe('string');
      const logged = await database.query<{ status: string }>(`select status from submissions where lookup_code = $1`, [bad]);
      expect(logged).toEqual([{ status: 'rejected' }]);
    });
  });

  describe('getRecord', () => {
    it('shows the public view with the personal id masked everywhere', async () => {
      const code = newLookupCode();
      await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, personalId: '001203009876' })], BEFORE_LOCK);
      const { name, grade, level } = SCHOOLS.a;
      const view = await fx.registry.getRecord(`${code.slice(0, 4)}-${code.slice(4).toLowerCase()}`, { now: BEFORE_LOCK });
      expect(view).toMatchObject({
        lookupCode: code, status: 'valid', schoolCode: SCHOOL_A, schoolName: name, schoolYear: '2024-2025',
        grade, level, personalId: '********9876', locked: false, lockDate: '2025-06-30', effectiveFrom: '2025-06-30',
        replacedBy: null, replaces: null,
      });
      expect(JSON.stringify(view)).not.toContain('001203009876');
      const own = await fx.registry.getOwnRecord(SCHOOL_A, code, BEFORE_LOCK);
      expect(own).toMatchObject({ personalId: '********9876', receipt: { lookupCode: code } });
      // Only the signed XML holds it whole: no column, not the stored report.
      const [row] = await database.query<{ verdict: string; leaks: boolean }>(
        `select report->>'verdict' as verdict, report::text like '%001203009876%' as leaks from records where lookup_code = $1`, [code],
      );
      expect(row).toEqual({ verdict: 'valid', leaks: false });
      expect(Buffer.from((await fx.registry.loadRecordXml(code))!).includes('001203009876')).toBe(true);
    });

    it('answers null for an unknown or malformed code', async () => {
      expect(await fx.registry.getRecord(newLookupCode())).toBeNull();
      expect(await fx.registry.getRecord('xyz')).toBeNull();
    });
  });
});
