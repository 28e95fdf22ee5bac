// Shared helpers: a fresh test PKI per test file, signing shortcuts and "verify this text" in one call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type PkiEntity, type TestPki } from '../../../../api/pki/index.ts';
import { readEnvelope } from '../../../../api/record/envelope.ts';
import { signRecord, verifySignatures, type Role, type SignatureCheck, type SignOptions } from '../../../../api/signature/index.ts';
import { parseXml } from '../../../../api/xml/index.ts';

const made: string[] = [];
// Removed when the process ends, not after a file: the unit tests share modules between files (vitest.config.ts).
process.once('exit', () => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export async function makePki(): Promise<TestPki> {
  const outDir = mkdtempSync(join(tmpdir(), 'hocba-sig-pki-'));
  made.push(outDir);
  return createTestPki({ outDir });
}

export function signerOf(entity: PkiEntity, role: Role, extra: Partial<SignOptions> = {}): SignOptions {
  return { privateKeyPem: entity.keyPem, certificatePem: entity.certPem, chainPem: entity.chainPem, role, ...extra };
}

export async function signAs(xml: string, entity: PkiEntity, role: Role, extra: Partial<SignOptions> = {}): Promise<string> {
  return signRecord(xml, signerOf(entity, role, extra));
}

/** Parse with our parser, read the envelope (it must hold), verify every signature. */
export async function checkXml(xml: string): Promise<SignatureCheck[]> {
  const { document } = parseXml(xml);
  const { envelope, issues } = readEnvelope(document);
  if (!envelope) throw new Error(`envelope refused: ${issues.map((found) => found.code).join(', ')}`);
  return verifySignatures(document, envelope);
}

export function codesOf(check: SignatureCheck): string[] {
  return check.issues.map((found) => found.code);
}
