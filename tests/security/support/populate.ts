// A registry with one of everything the journal records: accepted, repeated, rejected, recalled and replaced
// records, lookups, copies, lock dates, a late window opened and closed, log entries, approvals, a withdrawal, a new token, and an operator who logs in (once
// with a wrong password), exports and logs out, a province account with a forwarded batch — for backup, audit and SQL tests.
import { encodePackage, schoolYearInProgress, vietnamDateOf } from '../../../api/index.ts';
import { sampleLookupCode } from '../../../api/samples/index.ts';
import { generateNoteKey } from '../../../api/log/note.ts';
import { appendLogEntries, integratePending } from '../../../api/registry/log-store.ts';
import { SCHOOL, type Kit } from '../corpus/kit.ts';
import type { CorpusRegistry } from './registry.ts';

export interface Populated {
  /** Every accepted lookup code with the exact package text that was pushed. */
  readonly packages: Map<string, string>;
  readonly recalled: string;
  readonly replaced: string;
  readonly replacement: string;
  readonly copied: string;
}

export const OPERATOR_PASSWORD = 'Mật khẩu thử nghiệm của Sở';

// Random-looking version-4 codes (SPEC §9), the same on every run.
const code = (seed: number) => sampleLookupCode('populate', seed);

export async function populate(opened: CorpusRegistry, kit: Kit, base = 9000): Promise<Populated> {
  const { registry } = opened;
  const now = kit.now;
  const packages = new Map<string, string>();
  const push = async (school: keyof typeof SCHOOL, texts: string[]) => {
    const results = await registry.submitPackages(SCHOOL[school].code, texts, now);
    results.forEach((result, i) => {
      if (result.status === 'accepted') packages.set(result.lookupCode, texts[i]!);
    });
    return results;
  };
  const sealed = async (seed: number, school: keyof typeof SCHOOL = 'a') => encodePackage(await kit.sealed(base + seed, { school, lookupCode: code(base + seed) }));
  const cosigned = encodePackage(await kit.sign(await kit.sealed(base + 1, { lookupCode: code(base + 1) }), 'teacher-a', 'GVCN'));
  const tampered = encodePackage((await kit.sealed(base + 9)).replace(/<HoTen>[^<]+</, '<HoTen>Kẻ Mạo Danh<'));
  const first = await push('a', [cosigned, await sealed(2), await sealed(3), await sealed(4), tampered, 'not base64 %%%']);
  if (first.filter((result) => result.status === 'accepted').length !== 4) throw new Error(`populate: ${JSON.stringify(first)}`);
  await push('b', [await sealed(5, 'b'), await sealed(6, 'b')]);
  await push('c', [await sealed(7, 'c')]);
  await push('a', [cosigned]); // the same bytes again: the same receipt, one more event
  const [recalled, replaced, copied] = [code(base + 2), code(base + 3), code(base + 4)];
  await registry.recallRecord(SCHOOL.a.code, recalled, 'Nhập sai điểm môn Toán', now);
  const replacement = code(base + 13);
  const successor = encodePackage(await kit.sealed(base + 3, { lookupCode: replacement }));
  const replacedResult = await registry.replaceRecord(SCHOOL.a.code, replaced, successor, now);
  if (replacedResult.status !== 'accepted') throw new Error(`populate: replace ${JSON.stringify(replacedResult)}`);
  packages.set(replacement, successor);
  const view = await registry.getRecord(copied, { actor: 'public', now });
  // Lookups go to the access log in batches (issue 13): written now, so backups meet that table with rows too.
  await registry.flushAccessLog();
  await registry.recordCopy(copied, 'ip-hash-1', now);
  await registry.recordCopy(copied, 'ip-hash-2', now);
  await registry.setLockDates('2026-2027', { main: '2027-06-30', supplementary: '2027-08-14' }, { now });
  await registry.approveCertificate(SCHOOL.b.code, kit.entity('principal-b').certPem, { now });
  await registry.withdrawApproval(SCHOOL.b.code, kit.entity('principal-b').certPem, { now });
  await registry.issueSchoolToken(SCHOOL.c.code, { now });
  const lateYear = schoolYearInProgress(now);
  const until = vietnamDateOf(new Date(now.getTime() + 7 * 86_400_000));
  await registry.openLateWindow({ schoolCode: SCHOOL.c.code, schoolYear: lateYear, until, reason: 'Nộp muộn' }, { now, actor: 'operator:lan.nguyen' });
  await registry.closeLateWindow(SCHOOL.c.code, lateYear, 'Đã nhận đủ', { now, actor: 'operator:lan.nguyen' });
  // A transfer (issue 19): school c's student moves to school b, so backups and SQL tests meet the transfers table.
  const moving = (await registry.getRecord(code(base + 7), { now }))!.studentCode;
  await registry.recordTransfer({ studentCode: moving, fromSchool: SCHOOL.c.code, toSchool: SCHOOL.b.code, effectiveDate: vietnamDateOf(now), reason: 'Chuyển nơi ở' }, { now, actor: 'operator:lan.nguyen' });
  // A transfer proposal (pending), so backups and SQL tests meet that table with a row.
  const proposed = (await registry.getRecord(code(base + 1), { now }))!.studentCode;
  await registry.proposeTransfer(SCHOOL.a.code, { studentCode: proposed, toSchool: SCHOOL.b.code, effectiveDate: vietnamDateOf(now), reason: 'Chuyển nơi ở' }, now);
  await registry.setExpectedCounts(lateYear, [{ schoolCode: SCHOOL.c.code, expected: 42 }], { now, actor: 'operator:lan.nguyen' });
  await registry.addOperator({ username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', password: OPERATOR_PASSWORD }, { now });
  await registry.login('lan.nguyen', 'not the password at all', { now, client: 'api:populate' }).catch(() => {});
  const session = await registry.login('lan.nguyen', OPERATOR_PASSWORD, { now, client: 'api:populate' });
  // A console session too (an idle limit, last_seen_at), so backups carry both kinds of session row.
  await registry.login('lan.nguyen', OPERATOR_PASSWORD, { now, client: 'portal:populate', idleMs: 30 * 60_000 });
  await registry.exportRecords({ schoolYear: view!.schoolYear }, { now, actor: 'operator:lan.nguyen', format: 'csv' });
  await registry.logout(session.token, { now });
  // Forwarding (issue 19): a province account and one batch received from it (a lock date), so its tables have rows.
  await registry.forwarding.addProvince('79', { now });
  await registry.forwarding.receive('79', { after: 0, items: [{ kind: 'lock', sequence: 1, at: now.toISOString(), schoolYear: '2026-2027', main: '2027-06-30', supplementary: '2027-08-14' }] }, now);
  // The transparency log: the state changes above wrote their entries; one sequencer turn integrates them under a
  // signed checkpoint (anchoring the journal's head), and one entry stays pending, so backups and SQL tests meet
  // every log table with rows.
  const log = { origin: 'hocba.example/log', signer: generateNoteKey('hocba.example/log').signer };
  await integratePending(opened.database.db, log, now);
  await opened.database.db.transaction((tx) => appendLogEntries(tx, [{ body: `hocba-log/v1 copy\ncode ${copied}\nnumber 99\n`, subject: copied, at: now }]));
  return { packages, recalled, replaced, replacement, copied };
}
