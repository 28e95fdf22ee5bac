// The README's command-line tour, run with the real `hocba` binary: pki → sample → sign → pack → verify.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'hocba-cli-'));
const pki = join(dir, 'pki');
const trust = ['--trust', join(pki, 'root.cert.pem'), '--crl', join(pki, 'issuing.crl.pem'), '--crl', join(pki, 'root.crl.pem')];
const approve = ['--approve', `01001002=${join(pki, 'school-b.cert.pem')}`];

function hocba(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['scripts/hocba.ts', ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(args: string[]): string {
  const result = hocba(args);
  if (result.status !== 0) throw new Error(`hocba ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

let signed = '';
beforeAll(() => {
  ok(['pki', 'init', '--out', pki]);
  ok(['sample', '--level', 'THCS', '--grade', '8', '--year', '2024-2025', '--school', '01001002', '--count', '2', '--out', join(dir, 'rec')]);
  const file = join(dir, 'rec', readdirSync(join(dir, 'rec'))[0]!);
  writeFileSync(join(dir, 'sealed.xml'), ok(['sign', '--key', join(pki, 'school-b.key.pem'), '--cert', join(pki, 'school-b.cert.pem'), '--chain', join(pki, 'issuing.cert.pem'), file]));
  signed = ok(['sign', '--key', join(pki, 'teacher-b.key.pem'), '--cert', join(pki, 'teacher-b.cert.pem'), '--chain', join(pki, 'issuing.cert.pem'), '--role', 'GVCN', join(dir, 'sealed.xml')]);
  writeFileSync(join(dir, 'signed.xml'), signed);
  writeFileSync(join(dir, 'record.b64'), ok(['pack', join(dir, 'signed.xml')]));
}, 120_000);

describe('hocba CLI tour', () => {
  it('verifies the signed package as valid with exit 0', () => {
    const result = hocba(['verify', join(dir, 'record.b64'), ...trust, ...approve, '--json']);
    expect(result.status).toBe(0);
    const { report } = JSON.parse(result.stdout);
    expect(report.verdict).toBe('valid');
    expect(report.signatures.map((s: { role: string }) => s.role)).toEqual(['CoSoGiaoDuc', 'GVCN']);
  });

  it('unpacks to the exact signed bytes', () => {
    expect(ok(['unpack', join(dir, 'record.b64')])).toBe(signed);
  });

  it('finds a changed score: invalid, digest_mismatch, exit 1', () => {
    const tampered = signed.replace(/<DiemCN>(\d)/, (_m, d: string) => `<DiemCN>${d === '9' ? '8' : '9'}`);
    expect(tampered).not.toBe(signed);
    writeFileSync(join(dir, 'tampered.xml'), tampered);
    const result = hocba(['verify', join(dir, 'tampered.xml'), ...trust, ...approve, '--json']);
    expect(result.status).toBe(1);
    // Both signatures over DuLieu (teacher, seal) are broken by the change, and by nothing else.
    const codes = JSON.parse(result.stdout).report.signatures.map((s: { issues: Array<{ code: string }> }) => s.issues.map((i) => i.code));
    expect(codes).toEqual([['digest_mismatch'], ['digest_mismatch']]);
  });

  it('is indeterminate (exit 2) without the CA revocation list', () => {
    const result = hocba(['verify', join(dir, 'signed.xml'), '--trust', join(pki, 'root.cert.pem'), ...approve]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('revocation_unknown');
  });

  it('warns that approvals were not checked when none is given, and stays valid', () => {
    const result = hocba(['verify', join(dir, 'signed.xml'), ...trust, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).report.warnings.map((w: { code: string }) => w.code)).toEqual(['approval_not_checked']);
  });

  it('answers --help on every command', () => {
    for (const command of [['pki', 'init'], ['sample'], ['sign'], ['pack'], ['unpack'], ['verify']]) {
      const result = hocba([...command, '--help']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`hocba ${command.join(' ')}`);
    }
  });

  it('explains a usage mistake on stderr with exit 64', () => {
    const result = hocba(['sample', '--level', 'XYZ', '--grade', '1', '--year', '2024-2025', '--school', '01001001', '--out', dir]);
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('--level');
    expect(hocba(['nonsense']).status).toBe(64);
  });

  it('reports a missing file without a stack trace', () => {
    const result = hocba(['verify', join(dir, 'nope.xml'), ...trust]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nope.xml');
    expect(result.stderr).not.toContain('    at ');
  });

  it('keeps the bytes of the first signature when co-signing', () => {
    const sealed = readFileSync(join(dir, 'sealed.xml'), 'utf8');
    const firstSlot = /<CKS>[\s\S]*?<\/CKS>/.exec(sealed)![0];
    expect(signed).toContain(firstSlot);
  });
});
