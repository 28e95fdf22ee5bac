// Shapes of a test PKI on disk and in memory, and reading it back from `pki.json` (SPEC §4 `hocba pki init`).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Defect, EntityRole, KeySpec } from './plan.ts';

export interface PkiEntity {
  readonly name: string;
  readonly role: EntityRole;
  /** RFC 4514-style, Vietnamese intact: `C=VN, ST=Hà Nội, O=…, UID=MST:…, CN=…`. */
  readonly subject: string;
  readonly schoolCode?: string;
  readonly defect?: Defect;
  /** `RSA 2048`, `ECDSA P-256`, … (the same words as CertificateSummary.publicKey). */
  readonly keyAlgorithm: KeySpec;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  /** PKCS#8 `PRIVATE KEY`. */
  readonly keyPem: string;
  /** Issuing CA then root, PEM concatenated; empty for CAs. */
  readonly chainPem: string;
  /** Path of the chain file; absent for CAs. */
  readonly chainPath?: string;
}

export interface PkiCrl {
  readonly issuer: string;
  readonly path: string;
  readonly pem: string;
}

export interface TestPki {
  readonly dir: string;
  /** ISO 8601: the instant every validity and CRL time is relative to. */
  readonly now: string;
  readonly entities: Record<string, PkiEntity>;
  readonly crls: Record<string, PkiCrl>;
}

/** What `pki.json` holds: the same as TestPki without the PEM text, paths relative to its folder. */
export interface PkiManifest {
  readonly now: string;
  readonly entities: Record<string, Omit<PkiEntity, 'certPem' | 'keyPem' | 'chainPem'>>;
  readonly crls: Record<string, Omit<PkiCrl, 'pem'>>;
}

export const MANIFEST_FILE = 'pki.json';

export function loadTestPki(dir: string): TestPki {
  const root = resolve(dir);
  const manifest = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as PkiManifest;
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const entities: Record<string, PkiEntity> = {};
  for (const [name, entry] of Object.entries(manifest.entities)) {
    entities[name] = {
      ...entry,
      certPath: join(root, entry.certPath),
      keyPath: join(root, entry.keyPath),
      certPem: read(entry.certPath),
      keyPem: read(entry.keyPath),
      chainPem: entry.chainPath === undefined ? '' : read(entry.chainPath),
      ...(entry.chainPath === undefined ? {} : { chainPath: join(root, entry.chainPath) }),
    };
  }
  const crls: Record<string, PkiCrl> = {};
  for (const [name, entry] of Object.entries(manifest.crls)) {
    crls[name] = { issuer: entry.issuer, path: join(root, entry.path), pem: read(entry.path) };
  }
  return { dir: root, now: manifest.now, entities, crls };
}
