import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../api/pki/index.ts';
import { checkEntity, makeTestPki, trustOf } from './fixture.ts';

let pki: TestPki;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ pki, cleanup } = await makeTestPki()));
afterAll(async () => cleanup());

/** openssl's verdict at the PKI's `now` with every CRL checked: 'OK' or its error line. */
function opensslVerify(name: string): string {
  const e = pki.entities;
  const crls = join(pki.dir, 'all.crl.pem');
  writeFileSync(crls, pki.crls.issuing!.pem + pki.crls.root!.pem);
  const args = [
    'verify', '-attime', String(Math.floor(Date.parse(pki.now) / 1000)),
    '-CAfile', e.root!.certPath, '-untrusted', e.issuing!.certPath, '-crl_check_all', '-CRLfile', crls, e[name]!.certPath,
  ];
  try {
    return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().endsWith(': OK') ? 'OK' : 'unknown';
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout) + String((error as { stderr?: string }).stderr);
    return /error (\d+) at (\d+) depth lookup: ([^\n]+)/.exec(output)?.slice(1).join(' ') ?? output;
  }
}

describe('chain checks agree with openssl verify -crl_check_all', () => {
  it('both trust school-a', async () => {
    expect(opensslVerify('school-a')).toBe('OK');
    const check = await checkEntity(pki, trustOf(pki), 'school-a');
    expect([check.chainStatus, check.revocation, check.issues]).toEqual(['trusted', 'good', []]);
  });

  it('both find teacher-revoked revoked', async () => {
    expect(opensslVerify('teacher-revoked')).toBe('23 0 certificate revoked');
    const check = await checkEntity(pki, trustOf(pki), 'teacher-revoked');
    expect(check.issues.map((found) => found.code)).toEqual(['cert_revoked']);
  });
});
