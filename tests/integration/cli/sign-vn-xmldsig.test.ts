// `hocba sign --profile vn-xmldsig` through the real binary: a record co-signed in both profiles verifies as valid with
// `hocba verify`, and xmlsec1 verifies each signature as a Vietnamese e-invoice verifier would (Id attributes named).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'hocba-cli-vn-'));
const pki = join(dir, 'pki');
const trust = ['--trust', join(pki, 'root.cert.pem'), '--crl', join(pki, 'issuing.crl.pem'), '--crl', join(pki, 'root.crl.pem')];
const approve = ['--approve', `01001002=${join(pki, 'school-b.cert.pem')}`];
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

function hocba(args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/hocba.ts', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(args: string[]): string {
  const result = hocba(args);
  if (result.status !== 0) throw new Error(`hocba ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

const signer = (name: string) => ['--key', join(pki, `${name}.key.pem`), '--cert', join(pki, `${name}.cert.pem`), '--chain', join(pki, 'issuing.cert.pem')];
let signed = '';

beforeAll(() => {
  ok(['pki', 'init', '--out', pki]);
  ok(['sample', '--level', 'THCS', '--grade', '8', '--year', '2024-2025', '--school', '01001002', '--count', '1', '--out', join(dir, 'rec')]);
  const file = join(dir, 'rec', readdirSync(join(dir, 'rec'))[0]!);
  // A stylesheet instruction before the root, as one e-invoice vendor writes: kept, signed around, ignored.
  writeFileSync(join(dir, 'styled.xml'), readFileSync(file, 'utf8').replace(/\?>\n/, '?>\n<?xml-stylesheet type="text/xsl" href="hoc-ba.xsl"?>\n'));
  writeFileSync(join(dir, 'one.xml'), ok(['sign', ...signer('principal-b'), '--role', 'HieuTruong', '--profile', 'vn-xmldsig', join(dir, 'styled.xml')]));
  writeFileSync(join(dir, 'two.xml'), ok(['sign', ...signer('school-b'), join(dir, 'one.xml')]));
  signed = ok(['sign', ...signer('teacher-b'), '--role', 'GVCN', '--profile', 'vn-xmldsig', '--exclusive', '--no-enveloped', join(dir, 'two.xml')]);
  writeFileSync(join(dir, 'signed.xml'), signed);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hocba sign --profile vn-xmldsig', () => {
  it('co-signs with XAdES-BES; hocba verify finds the record valid with each signature in its profile', () => {
    expect(signed).toContain('<?xml-stylesheet type="text/xsl" href="hoc-ba.xsl"?>');
    const result = hocba(['verify', join(dir, 'signed.xml'), ...trust, ...approve, '--json']);
    expect(result.status).toBe(0);
    const { report } = JSON.parse(result.stdout) as { report: { verdict: string; signatures: Array<{ role: string; profile: string }> } };
    expect(report.verdict).toBe('valid');
    expect(report.signatures.map((s) => [s.role, s.profile])).toEqual([['HieuTruong', 'vn-xmldsig'], ['CoSoGiaoDuc', 'xades-bes'], ['GVCN', 'vn-xmldsig']]);
  });

  it.each([1, 2, 3])('writes signature %i so that xmlsec1 --verify up to the root says OK', (n) => {
    const result = spawnSync('xmlsec1', [
      '--verify', '--trusted-pem', join(pki, 'root.cert.pem'), '--untrusted-pem', join(pki, 'issuing.cert.pem'),
      '--id-attr:Id', 'urn:hocba:hoc-ba-so:1:DuLieu', '--id-attr:Id', `${DSIG}:Object`,
      '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
      '--node-xpath', `(//*[local-name()='Signature' and namespace-uri()='${DSIG}'])[${n}]`, join(dir, 'signed.xml'),
    ], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toContain('OK');
    expect(result.status).toBe(0);
  });

  it('refuses an unknown profile, and --no-enveloped without the profile, as usage mistakes (exit 64)', () => {
    const unknown = hocba(['sign', ...signer('school-b'), '--profile', 'xades-t', join(dir, 'one.xml')]);
    expect([unknown.status, unknown.stderr.includes('--profile must be one of xades-bes, vn-xmldsig')]).toEqual([64, true]);
    const stray = hocba(['sign', ...signer('school-b'), '--no-enveloped', join(dir, 'one.xml')]);
    expect([stray.status, stray.stderr.includes('--no-enveloped applies to --profile vn-xmldsig only')]).toEqual([64, true]);
  });
});
