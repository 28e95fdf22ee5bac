// The seal's configuration (SPEC §4 serve --seal-key/--seal-cert/--seal-chain | --seal-p12): what is accepted, and
// every way it is refused before the server starts (a seal that cannot be used never degrades to unsealed copies).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../api/pki/index.ts';
import { SealConfigError } from '../../../api/render/seal/seal-error.ts';
import { sealFingerprint, sealFromP12, sealFromPem } from '../../../api/render/seal/seal-key.ts';
import { SEAL_P12_PASSWORD_ENV, sealFromOptions } from '../../../scripts/cli/seal-options.ts';
import { UsageError } from '../../../scripts/cli/command.ts';

let dir: string;
let pki: TestPki;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hocba-seal-key-'));
  pki = await createTestPki({ outDir: join(dir, 'pki') });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function p12(name: string, password: string, extra: string[] = []): string {
  const entity = pki.entities[name]!;
  const out = join(dir, `${name}${extra.length}.p12`);
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', entity.keyPath, '-in', entity.certPath, '-certfile', entity.chainPath!,
    '-passout', `pass:${password}`, '-out', out, ...extra], { stdio: 'ignore' });
  return out;
}

describe('a seal from PEM files', () => {
  it('reads an RSA and an ECDSA seal with their chain, fingerprinted by the certificate', () => {
    for (const name of ['registry-seal', 'registry-seal-ec']) {
      const entity = pki.entities[name]!;
      const seal = sealFromPem({ keyPem: entity.keyPem, certPem: entity.certPem, chainPem: entity.chainPem });
      expect(seal.algorithm).toBe(name.endsWith('-ec') ? 'ecdsa' : 'rsa');
      expect(seal.chain).toHaveLength(2);
      expect(seal.fingerprint).toBe(sealFingerprint(seal.cert));
      expect(seal.subject).toContain('Cổng Học bạ số');
    }
  });

  it('refuses a key that is not the certificate\'s, and an expired certificate', () => {
    const seal = pki.entities['registry-seal']!;
    expect(() => sealFromPem({ keyPem: pki.entities['school-a']!.keyPem, certPem: seal.certPem })).toThrow(/does not belong/);
    const expired = pki.entities['school-expired']!;
    expect(() => sealFromPem({ keyPem: expired.keyPem, certPem: expired.certPem })).toThrow(/expired/);
    expect(() => sealFromPem({ keyPem: 'not a key', certPem: seal.certPem })).toThrow(SealConfigError);
  });
});

describe('a seal from a PKCS#12 file', () => {
  it('reads an OpenSSL 3 file (PBES2, AES-256) with its password: key, certificate and chain', () => {
    const seal = sealFromP12(readFileSync(p12('registry-seal-ec', 'mật khẩu 1')), 'mật khẩu 1');
    expect(seal.fingerprint).toBe(sealFingerprint(sealFromPem({ keyPem: pki.entities['registry-seal-ec']!.keyPem, certPem: pki.entities['registry-seal-ec']!.certPem }).cert));
    expect(seal.chain).toHaveLength(2);
  });

  it('refuses a wrong password', () => {
    expect(() => sealFromP12(readFileSync(p12('registry-seal', 'right')), 'wrong')).toThrow(SealConfigError);
  });

  it('takes its password only from the environment, and says which variable when it is missing', () => {
    const file = p12('registry-seal', 'từ môi trường');
    expect(() => sealFromOptions({ 'seal-p12': file }, {})).toThrow(new RegExp(SEAL_P12_PASSWORD_ENV));
    const { seal } = sealFromOptions({ 'seal-p12': file }, { [SEAL_P12_PASSWORD_ENV]: 'từ môi trường' });
    expect(seal?.key.algorithm).toBe('rsa');
  });
});

describe('serve\'s seal options', () => {
  const entity = () => pki.entities['registry-seal']!;
  it('gives no seal when none is asked for, and a seal with a time-stamper for --tsa', () => {
    expect(sealFromOptions({}, {}).seal).toBeNull();
    const { seal } = sealFromOptions({ 'seal-key': entity().keyPath, 'seal-cert': entity().certPath, 'seal-chain': entity().chainPath!, tsa: 'http://127.0.0.1:9/' }, {});
    expect(seal?.timeStamp).toBeTypeOf('function');
  });

  it('refuses half a configuration with a usage error', () => {
    expect(() => sealFromOptions({ 'seal-key': entity().keyPath }, {})).toThrow(UsageError);
    expect(() => sealFromOptions({ 'seal-cert': entity().certPath }, {})).toThrow(UsageError);
    expect(() => sealFromOptions({ tsa: 'http://127.0.0.1:9/' }, {})).toThrow(/--tsa needs a seal/);
    expect(() => sealFromOptions({ 'seal-key': entity().keyPath, 'seal-cert': entity().certPath, tsa: 'ftp://x' }, {})).toThrow(UsageError);
    expect(() => sealFromOptions({ 'seal-key': pki.entities['school-a']!.keyPath, 'seal-cert': entity().certPath }, {})).toThrow(UsageError);
  });
});
