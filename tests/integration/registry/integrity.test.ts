import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest, sqlStateOf } from '../../helpers/database.ts';
import type { Fixtures } from '../../helpers/signed-records.ts';
import {
  BEFORE_LOCK, makeRegistryFixtures, makeTestPki, newLookupCode, SCHOOL_A, SCHOOL_B, setUpRegistry, type Fixture, type TestPki,
} from './setup.ts';
import { rejectionCode as codeOf } from '../../helpers/error-codes.ts';

let fixtures: Fixtures;
beforeAll(async () => {
  fixtures = await makeRegistryFixtures();
});

const REFUSED = 'HB001';

async function stateOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return sqlStateOf(error) ?? `no SQLSTATE: ${String(error)}`;
  }
  return undefined;
}

describe.each(databasesUnderTest())('registry integrity on $name', ({ open }) => {
  let database: Database;
  let fx: Fixture;
  let pki: TestPki;
  let valid: string;
  let recalled: string;

  beforeAll(async () => {
    database = await open();
    fx = await setUpRegistry(database, fixtures);
    pki = await makeTestPki();
    valid = newLookupCode();
    recalled = newLookupCode();
    await fx.registry.submitPackages(SCHOOL_A, [
      await fx.pkg({ lookupCode: valid, schoolCode: SCHOOL_A }),
      await fx.pkg({ lookupCode: recalled, schoolCode: SCHOOL_A, studentCode: '0000000002' }),
    ], BEFORE_LOCK);
    await fx.registry.recallRecord(SCHOOL_A, recalled, 'nhập sai', BEFORE_LOCK);
  });
  afterAll(async () => {
    await database?.close();
  });

  describe('when plain SQL tries to change an accepted record', () => {
    it.each([
      ['its package', `update records set package = 'x'::bytea where lookup_code = $1`],
      ['its school', `update records set school_code = '${SCHOOL_B}' where lookup_code = $1`],
      ['its stored report', `update records set report = '{}'::jsonb where lookup_code = $1`],
      ['its student', `update records set student_name = 'Người Khác' where lookup_code = $1`],
      ['its time of receipt', `update records set received_at = now() where lookup_code = $1`],
      ['its lookup code', `update records set lookup_code = '00000000000000000000000000000000' where lookup_code = $1`],
    ])('refuses to change %s', async (_what, statement) => {
      const before = await database.query(`select digest, student_name from records where lookup_code = $1`, [valid]);
      expect(await stateOf(database.query(statement, [valid]))).toBe(REFUSED);
      expect(await database.query(`select digest, student_name from records where lookup_code = $1`, [valid])).toEqual(before);
    });

    it('refuses DELETE and TRUNCATE', async () => {
      expect(await stateOf(database.query(`delete from records where lookup_code = $1`, [valid]))).toBe(REFUSED);
      expect(await stateOf(database.query(`truncate records cascade`))).toBe(REFUSED);
    });

    it('refuses to move a recalled record back or to rewrite its recall', async () => {
      expect(await stateOf(database.query(`update records set status = 'valid', recalled_at = null where lookup_code = $1`, [recalled]))).toBe(REFUSED);
      expect(await stateOf(database.query(`update records set recall_reason = 'khác' where lookup_code = $1`, [recalled]))).toBe(REFUSED);
      expect(await stateOf(database.query(`update records set recalled_at = now() where lookup_code = $1`, [recalled]))).toBe(REFUSED);
    });

    it('lets the one forward move through, and only once', async () => {
      const code = newLookupCode();
      await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, studentCode: '0000000003' })], BEFORE_LOCK);
      const move = `update records set status = 'recalled', recalled_at = now(), recall_reason = 'x' where lookup_code = $1`;
      expect(await stateOf(database.query(move, [code]))).toBeUndefined();
      expect(await stateOf(database.query(`update records set status = 'replaced', replaced_by = $2 where lookup_code = $1`, [code, valid]))).toBe(REFUSED);
    });

    it('still refuses a half-done transition through the check constraints', async () => {
      expect(await stateOf(database.query(`update records set status = 'recalled' where lookup_code = $1`, [valid]))).toBe('23514');
    });
  });

  describe('when plain SQL tries to change the journal', () => {
    it('refuses UPDATE, DELETE and TRUNCATE of events', async () => {
      expect(await stateOf(database.query(`update events set actor = 'x'`))).toBe(REFUSED);
      expect(await stateOf(database.query(`delete from events`))).toBe(REFUSED);
      expect(await stateOf(database.query(`truncate events`))).toBe(REFUSED);
    });
  });

  describe('schools and trust material', () => {
    it('approves, lists and withdraws a school certificate; loads CAs and the newest CRL', async () => {
      const school = new x509.X509Certificate(pki.schoolPem);
      const fingerprint = createHash('sha256').update(new Uint8Array(school.rawData)).digest('hex');
      const approved = await fx.registry.approveCertificate(SCHOOL_A, pki.schoolPem, { now: BEFORE_LOCK });
      expect(approved).toMatchObject([{ schoolCode: SCHOOL_A, fingerprint, serial: '0A1B' }]);
      expect(await fx.registry.addTrustAnchor(pki.rootPem, { now: BEFORE_LOCK })).toHaveLength(1);
      await fx.registry.loadCrl(pki.crlPem, { now: BEFORE_LOCK });
      // Beside the setup's test PKI (root, issuing CA, its two CRLs, both schools' seals): the second PKI's.
      let trust = await fx.registry.loadTrustMaterial();
      const newRoot = Buffer.from(new x509.X509Certificate(pki.rootPem).rawData);
      expect(trust.anchors.map((der) => Buffer.from(der).equals(newRoot))).toEqual([false, true]);
      expect(trust.intermediates).toHaveLength(1);
      expect(trust.crls).toHaveLength(3);
      const approvalOf = () => trust.approvals.filter((approval) => approval.fingerprint === fingerprint);
      expect(trust.approvals).toHaveLength(3);
      expect(approvalOf()).toEqual([{ schoolCode: SCHOOL_A, fingerprint, approvedAt: BEFORE_LOCK.toISOString(), withdrawnAt: null }]);
      const later = new Date(BEFORE_LOCK.getTime() + 1000);
      await fx.registry.withdrawApproval(SCHOOL_A, fingerprint, { now: later });
      trust = await fx.registry.loadTrustMaterial();
      expect(approvalOf()).toEqual([{ schoolCode: SCHOOL_A, fingerprint, approvedAt: BEFORE_LOCK.toISOString(), withdrawnAt: later.toISOString() }]);
      expect(await codeOf(fx.registry.withdrawApproval(SCHOOL_A, fingerprint))).toBe('certificate_not_approved');
    });

    it('reads the trust material again only when it changed: the same object until an approval, a withdrawal, a CA or a CRL is added (counted)', async () => {
      const other = await makeTestPki();
      const counted = () => ({ ...fx.registry.trustCounters });
      const first = await fx.registry.loadTrustMaterial();
      const start = counted();
      expect(await fx.registry.loadTrustMaterial()).toBe(first);
      const school = new x509.X509Certificate(other.schoolPem);
      const fingerprint = createHash('sha256').update(new Uint8Array(school.rawData)).digest('hex');
      const changes: Array<[string, () => Promise<unknown>, (trust: Awaited<ReturnType<typeof fx.registry.loadTrustMaterial>>) => boolean]> = [
        ['approval', () => fx.registry.approveCertificate(SCHOOL_B, other.schoolPem, { now: BEFORE_LOCK }), (trust) => trust.approvals.some((a) => a.fingerprint === fingerprint && a.schoolCode === SCHOOL_B && a.withdrawnAt === null)],
        ['withdrawal', () => fx.registry.withdrawApproval(SCHOOL_B, fingerprint, { now: BEFORE_LOCK }), (trust) => trust.approvals.some((a) => a.fingerprint === fingerprint && a.schoolCode === SCHOOL_B && a.withdrawnAt !== null)],
        ['CA', () => fx.registry.addTrustAnchor(other.rootPem, { now: BEFORE_LOCK }), (trust) => trust.anchors.some((der) => Buffer.from(der).equals(Buffer.from(new x509.X509Certificate(other.rootPem).rawData)))],
        ['CRL', () => fx.registry.loadCrl(other.crlPem, { now: BEFORE_LOCK }), (trust) => trust.crls.some((der) => Buffer.from(der).equals(Buffer.from(new x509.X509Crl(other.crlPem).rawData)))],
      ];
      let previous = first;
      for (const [name, change, shows] of changes) {
        await change();
        const next = await fx.registry.loadTrustMaterial();
        expect(next, name).not.toBe(previous);
        expect(shows(next), name).toBe(true);
        expect(await fx.registry.loadTrustMaterial(), name).toBe(next);
        previous = next;
      }
      // Each call checks the version (1 + 2 per change); only the first call after each change loads the material.
      const end = counted();
      expect([end.checks - start.checks, end.loads - start.loads]).toEqual([1 + 2 * changes.length, changes.length]);
    });

    it('refuses unreadable certificates, duplicate and malformed schools', async () => {
      expect(await codeOf(fx.registry.addTrustAnchor('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'))).toBe('certificate_unreadable');
      expect(await codeOf(fx.registry.addSchool({ code: SCHOOL_A, name: 'x', provinceCode: '01', certificates: [] }))).toBe('school_exists');
      expect(await codeOf(fx.registry.addSchool({ code: '123', name: 'x', provinceCode: '01', certificates: [] }))).toBe('school_code_invalid');
    });

    it('keeps only the hash of a token', async () => {
      const rows = await database.query<{ token_hash: string }>(`select token_hash from school_tokens`);
      expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(fx.tokenA).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(fx.tokenA);
    });
  });

  describe('the audit chain', () => {
    it('verifies over every action so far', async () => {
      await fx.registry.getRecord(valid, { actor: 'public' });
      await fx.registry.recordCopy(valid, null, BEFORE_LOCK);
      await fx.registry.setLockDates('2026-2027', { main: '2027-06-30', supplementary: '2027-08-14' }, { now: BEFORE_LOCK });
      const verdict = await fx.registry.verifyAuditChain();
      expect(verdict).toMatchObject({ ok: true });
      const kinds = await database.query<{ kind: string }>(`select distinct kind from events order by 1`);
      expect(kinds.map((k) => k.kind)).toEqual([
        'accept', 'approve', 'copy', 'crl_load', 'lock', 'push', 'recall', 'school_add', 'token_issue', 'trust_add', 'withdraw',
      ]);
      // A lookup is no event of the chain (issue 13): it went to the access log.
      await fx.registry.flushAccessLog();
      expect(await database.query(`select lookup_code, requester, kind from access_log`)).toEqual([{ lookup_code: valid, requester: 'public', kind: 'single' }]);
    });

    it('detects an event edited by a superuser who disabled the trigger', async () => {
      const [target] = await database.query<{ id: string }>(`select id::text as id from events where kind = 'recall'`);
      await database.query(`alter table events disable trigger events_append_only`);
      await database.query(`update events set detail = '{"reason": "không có gì"}' where id = $1`, [target!.id]);
      await database.query(`alter table events enable trigger events_append_only`);
      expect(await fx.registry.verifyAuditChain()).toMatchObject({ ok: false, brokenAt: Number(target!.id), reason: 'hash' });
    });

    it('detects the edit even when the forger recomputes that event hash', async () => {
      const [target] = await database.query<{ id: string; prev_hash: string; at: Date; actor: string; subject: string }>(
        `select id::text as id, prev_hash, at, actor, subject from events where kind = 'recall'`,
      );
      const { hashEvent } = await import('../../../api/registry/audit.ts');
      const forged = hashEvent(target!.prev_hash, { at: new Date(target!.at), actor: target!.actor, kind: 'recall', subject: target!.subject, detail: { reason: 'không có gì' } });
      await database.query(`alter table events disable trigger events_append_only`);
      await database.query(`update events set hash = $2 where id = $1`, [target!.id, forged]);
      await database.query(`alter table events enable trigger events_append_only`);
      const verdict = await fx.registry.verifyAuditChain();
      expect(verdict).toMatchObject({ ok: false, reason: 'prev_hash' });
      expect((verdict as { brokenAt: number }).brokenAt).toBeGreaterThan(Number(target!.id));
    });
  });
});
