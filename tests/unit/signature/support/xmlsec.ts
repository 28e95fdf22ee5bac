// Runs the real xmlsec1 binary (Debian xmlsec1, OpenSSL) to sign and verify records: the interoperability oracle.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PkiEntity, TestPki } from '../../../../api/pki/index.ts';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ID_ATTRIBUTES = [
  '--id-attr:Id', 'urn:hocba:hoc-ba-so:1:DuLieu',
  '--id-attr:Id', 'urn:hocba:hoc-ba-so:1:HocSinhPhu',
  '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
  '--id-attr:Id', `${DSIG}:Object`,
  '--id-attr:Id', `${DSIG}:SignatureProperties`,
  '--id-attr:Id', `${DSIG}:SignatureProperty`,
];

export function hasXmlsec(): boolean {
  return spawnSync('xmlsec1', ['--version']).status === 0;
}

const work = mkdtempSync(join(tmpdir(), 'hocba-xmlsec-'));
// Removed when the process ends, not after a file: the unit tests share modules between files (vitest.config.ts).
process.once('exit', () => rmSync(work, { recursive: true, force: true }));
let counter = 0;

function file(content: string): string {
  const path = join(work, `doc-${++counter}.xml`);
  writeFileSync(path, content);
  return path;
}

/** The n-th (1-based) ds:Signature of the document. */
export function signatureXPath(n: number): string {
  return `(//*[local-name()='Signature' and namespace-uri()='${DSIG}'])[${n}]`;
}

export interface XmlsecResult {
  readonly ok: boolean;
  readonly output: string;
}

/** `xmlsec1 --verify` of the n-th signature, the chain checked up to the test root. */
export function xmlsecVerify(xml: string, n: number, pki: TestPki, extra: string[] = []): XmlsecResult {
  const result = spawnSync('xmlsec1', [
    '--verify', ...ID_ATTRIBUTES,
    '--trusted-pem', pki.entities['root']!.certPath,
    '--untrusted-pem', pki.entities['issuing']!.certPath,
    '--node-xpath', signatureXPath(n), ...extra, file(xml),
  ], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** The canonical bytes xmlsec1 digested (`PreDigest`) and signed (`PreSigned`) for the n-th signature. */
export function xmlsecCanonicalForms(xml: string, n: number, pki: TestPki): { references: string[]; signedInfo: string } {
  const { output } = xmlsecVerify(xml, n, pki, ['--store-references', '--store-signatures']);
  const grab = (label: string) => [...output.matchAll(new RegExp(`== ${label} data - start buffer:\\n([\\s\\S]*?)\\n== ${label} data - end buffer`, 'g'))].map((m) => m[1]!);
  return { references: grab('PreDigest'), signedInfo: grab('PreSigned')[0] ?? '' };
}

/** Signs the n-th signature template in place with `xmlsec1 --sign`, the key's certificate and chain loaded for KeyInfo. */
export function xmlsecSign(xml: string, n: number, signer: PkiEntity): string {
  const chain = signer.chainPem ? `,${signer.chainPath}` : '';
  return execFileSync('xmlsec1', [
    '--sign', ...ID_ATTRIBUTES,
    '--privkey-pem', `${signer.keyPath},${signer.certPath}${chain}`,
    '--node-xpath', signatureXPath(n), '--output', '-', file(xml),
  ], { encoding: 'utf8' });
}

export function readOutput(path: string): string {
  return readFileSync(path, 'utf8');
}
