// End to end through the real command line: operator commands on a PGlite folder, `hocba serve`, `hocba push`.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePackage, signRecord } from '../../../api/index.ts';
import { createTestPki, type TestPki } from '../../../api/pki/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { runHocba, type CliResult } from '../../helpers/hocba.ts';
import { startServe } from '../../helpers/serve.ts';
import { schoolYearAt } from '../../helpers/signed-records.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCHOOL = { code: '01001001', name: 'Trường Tiểu học Kim Đồng' };

function hocba(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runHocba(args, { DATABASE_URL: '', LC_ALL: 'C.UTF-8', ...env }, { cwd: ROOT });
}

describe('hocba serve + hocba push (end to end, PGlite folder)', () => {
  let dir: string;
  let pki: TestPki;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hocba-e2e-'));
    pki = await createTestPki({ outDir: join(dir, 'pki') });
  });
  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
  });

  async function signed(seed: number): Promise<string> {
    const xml = generateSampleXml({
      level: 'TH', grade: 5, schoolYear: schoolYearAt(new Date(pki.now)), schoolCode: SCHOOL.code, schoolName: SCHOOL.name, provinceCode: '01', seed,
    });
    const seal = pki.entities['school-a']!;
    // Signed now, after `school add` approved the seal: approval is judged at signing time.
    return signRecord(xml, { privateKeyPem: seal.keyPem, certificatePem: seal.certPem, chainPem: seal.chainPem, role: 'CoSoGiaoDuc', signingTime: new Date() });
  }

  it('sets up with the operator commands, serves, takes pushes with receipts and exits 1 on a rejection', async () => {
    const data = join(dir, 'data');
    const p = (name: string) => join(dir, 'pki', name);
    expect(await hocba(['trust', 'add', p('root.cert.pem'), p('issuing.cert.pem'), '--data', data])).toMatchObject({ code: 0 });
    expect(await hocba(['trust', 'crl', p('issuing.crl.pem'), p('root.crl.pem'), '--data', data])).toMatchObject({ code: 0 });
    const added = await hocba(['school', 'add', '--code', SCHOOL.code, '--name', SCHOOL.name, '--cert', p('school-a.cert.pem'), '--data', data]);
    expect(added.code).toBe(0);
    const token = /^token: (\S+)$/m.exec(added.stdout)![1]!;
    expect(added.stderr).toContain('ONCE');

    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    const good = await Promise.all([601, 602, 603].map(signed));
    writeFileSync(join(inbox, 'a.xml'), good[0]!);
    writeFileSync(join(inbox, 'b.b64'), encodePackage(good[1]!));
    writeFileSync(join(inbox, 'c.xml'), good[2]!);
    writeFileSync(join(inbox, 'notes.txt'), 'not a record');

    const started = await startServe(['--port', '0', '--data', data, '--workers', '1', '--log-level', 'warn'], { DATABASE_URL: '' });
    server = started.child;
    const { url } = started;
    // The folder is the server's now: an operator command must say so, not corrupt it.
    const busy = await hocba(['trust', 'crl', p('issuing.crl.pem'), '--data', data]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('[data_folder_locked]');

    const first = await hocba(['push', '--url', url, '--batch', '2', inbox], { HOCBA_TOKEN: token });
    expect(first.stderr).toMatch(/\[push\] 3\/3 sent, [\d.]+\/s, 0 rejected/);
    expect(first.code).toBe(0);
    const receipts = first.stdout.trim().split('\n');
    expect(receipts).toHaveLength(3);
    expect(receipts.every((line) => /^accepted [0-9A-F]{32} receipt [0-9a-f-]{36} \S+ \S+\.(xml|b64)$/.test(line))).toBe(true);

    const tampered = join(dir, 'tampered.xml');
    writeFileSync(tampered, good[0]!.replace(/<HoTen>[^<]+<\/HoTen>/, '<HoTen>Người Khác</HoTen>'));
    const second = await hocba(['push', '--url', url, '--token', token, join(inbox, 'a.xml'), tampered]);
    expect(second.code).toBe(1);
    const lines = second.stdout.trim().split('\n');
    expect(lines[0]).toBe(receipts[0]!.replace(join(inbox, 'a.xml'), join(inbox, 'a.xml'))); // the same receipt again
    expect(lines[1]).toMatch(/^rejected [0-9A-F]{32} .*tampered\.xml$/);
    expect(lines.slice(2).join('\n')).toMatch(/^ {2}\w+ \[/m);

    const refused = await hocba(['push', '--url', url, '--token', 'not-a-token', join(inbox, 'a.xml')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('401 token_invalid');

    server.kill('SIGTERM');
    const exitCode = await new Promise<number | null>((resolve) => server!.on('exit', resolve));
    expect(exitCode).toBe(0);
    expect(existsSync(join(data, 'hocba.lock'))).toBe(false);
  }, 180_000);
});
