// Reads and checks the seal of an untrusted PDF (issue 15), on the PDF reader's worker within its budgets: the one
// signature's /ByteRange must cover the whole file but its /Contents hex string (nothing before, nothing appended,
// no second signature), the CMS must be a PAdES (ETSI.CAdES.detached) SignedData whose message-digest is the file's
// digest and whose signature verifies under the certificate it names. Whose certificate that is — the registry's
// seal or anyone else's — is decided by the caller, which holds the registry's seal certificates.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { certificateIssuerSerial, childrenOf, contentOf, readOid, readTlv, whole, type Tlv } from '../../der.ts';
import { OID } from './cms.ts';
import { sealFingerprint } from './seal-key.ts';

export type SealFinding =
  /** No signature at all. */
  | { readonly kind: 'none' }
  /** Bytes outside the signature's range: appended (an incremental update), prepended, or a second signature. */
  | { readonly kind: 'changed'; readonly detail: string }
  /** A signature that does not hold: digest or signature mismatch, unreadable CMS, not PAdES. */
  | { readonly kind: 'broken'; readonly detail: string }
  | {
    readonly kind: 'signed';
    /** SHA-256 of the signer's certificate (DER), hex. */
    readonly fingerprint: string;
    readonly signer: string;
    /** The signature dictionary's /M (PAdES: the claimed signing time), ISO 8601; null when absent. */
    readonly signedAt: string | null;
    /** The RFC 3161 signature time-stamp's time, when one is attached and matches the signature. */
    readonly timeStampedAt: string | null;
  };

/** A seal's CMS is a few KB; anything far larger is not one the registry wrote. */
const MAX_CONTENTS_HEX = 256 * 1024;
const MAX_CERTIFICATES = 16;
const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s*\]/g;

/** `text` is `bytes` as latin1 (one character per byte), which the reader has already made. */
export function checkSeal(bytes: Uint8Array, text: string): SealFinding {
  const ranges = [...text.matchAll(BYTE_RANGE)];
  if (ranges.length === 0) {
    return /\/FT\s*\/Sig\b|\/Type\s*\/Sig\b/.test(text) ? { kind: 'broken', detail: 'a signature field without a byte range' } : { kind: 'none' };
  }
  if (ranges.length > 1) return { kind: 'changed', detail: 'more than one signature: the registry seals a copy once' };
  const match = ranges[0]!;
  const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || c + d !== bytes.length || !(b < c)) return { kind: 'changed', detail: 'the seal does not cover the whole file' };
  if (match.index >= b) return { kind: 'broken', detail: 'the byte range lies outside what it signs' };
  const hole = text.slice(b, c);
  if (hole.length > MAX_CONTENTS_HEX + 2 || !/^<[0-9A-Fa-f]*>$/.test(hole) || !/\/Contents\s*$/.test(text.slice(Math.max(0, b - 32), b))) {
    return { kind: 'broken', detail: 'the unsigned part is not exactly the signature value' };
  }
  const objectStart = text.lastIndexOf(' obj', b);
  const dictionary = text.slice(objectStart === -1 ? Math.max(0, b - 4096) : objectStart, b);
  if (!/\/SubFilter\s*\/ETSI\.CAdES\.detached\b/.test(dictionary)) return { kind: 'broken', detail: 'not a PAdES signature (SubFilter)' };
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const digest = createHash('sha256').update(file.subarray(0, b)).update(file.subarray(c)).digest();
  const cms = Buffer.from(hole.slice(1, -1), 'hex');
  try {
    const signed = verifySignedData(cms, digest);
    if (typeof signed === 'string') return { kind: 'broken', detail: signed };
    return {
      kind: 'signed',
      fingerprint: sealFingerprint(signed.cert),
      signer: new X509Certificate(signed.cert).subject.replace(/\n/g, ', '),
      signedAt: pdfDate(/\/M\s*\((D:[^)]{4,40})\)/.exec(dictionary)?.[1] ?? null),
      timeStampedAt: signed.timeStampedAt,
    };
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return { kind: 'broken', detail: `unreadable signature (${error.message})` };
    throw error;
  }
}

interface Verified {
  readonly cert: Uint8Array;
  readonly eContent: Uint8Array | null;
  readonly signature: Uint8Array;
  readonly timeStampedAt: string | null;
}

/**
 * One SignerInfo of a SignedData: its signed attributes' message-digest equals `digest` (detached) or the digest of
 * the encapsulated content, signing-certificate-v2 names the certificate its sid names, and the signature verifies.
 * A string says why not.
 */
function verifySignedData(der: Uint8Array, digest: Uint8Array | null, depth = 0): Verified | string {
  const info = readTlv(der, 0);
  const [type, explicit] = childrenOf(der, info);
  if (!type || readOid(der, type) !== '1.2.840.113549.1.7.2' || !explicit) return 'not a CMS SignedData';
  const signedData = readTlv(der, explicit.body, explicit.end);
  const fields = childrenOf(der, signedData);
  const encap = fields[2]!;
  const certSet = fields.find((node) => node.tag === 0xa0);
  const signerInfos = fields.at(-1)!;
  const signers = childrenOf(der, signerInfos);
  if (signers.length !== 1) return 'not exactly one signer';
  const [, eContentNode] = childrenOf(der, encap);
  const eContent = eContentNode ? contentOf(der, readTlv(der, eContentNode.body, eContentNode.end)) : null;
  const expected = digest ?? (eContent ? createHash('sha256').update(eContent).digest() : null);
  if (!expected) return 'no content to check';
  const certs = certSet ? childrenOf(der, certSet).slice(0, MAX_CERTIFICATES + 1) : [];
  if (certs.length > MAX_CERTIFICATES) return 'too many certificates';

  const parts = childrenOf(der, signers[0]!);
  const [, sid, digestAlg] = parts;
  const attrsNode = parts.find((node) => node.tag === 0xa0);
  const unsignedNode = parts.find((node) => node.tag === 0xa1);
  const [signatureAlg, signatureNode] = parts.filter((node) => node.tag === 0x30 || node.tag === 0x04).slice(-2);
  if (!sid || !digestAlg || !attrsNode || !signatureAlg || signatureNode?.tag !== 0x04) return 'incomplete signer';
  if (readOid(der, childrenOf(der, digestAlg)[0]!) !== OID.sha256) return 'digest algorithm is not SHA-256';

  const attributes = new Map<string, Tlv>();
  for (const attribute of childrenOf(der, attrsNode)) {
    const [attrType, values] = childrenOf(der, attribute);
    const value = childrenOf(der, values!)[0];
    if (value) attributes.set(readOid(der, attrType!), value);
  }
  const messageDigest = attributes.get(OID.messageDigest);
  if (!messageDigest || !Buffer.from(contentOf(der, messageDigest)).equals(Buffer.from(expected))) return 'the file does not match the signed digest';

  const cert = certs.map((node) => whole(der, node)).find((candidate) => namesCertificate(der, sid, candidate));
  if (!cert) return 'the signer certificate is not included';
  const essCert = attributes.get(OID.signingCertificateV2);
  if (depth === 0) {
    if (!essCert) return 'no signing-certificate-v2 attribute';
    const certHash = contentOf(der, childrenOf(der, childrenOf(der, childrenOf(der, essCert)[0]!)[0]!).find((node) => node.tag === 0x04)!);
    if (!Buffer.from(certHash).equals(createHash('sha256').update(cert).digest())) return 'signing-certificate-v2 names another certificate';
  }

  // The signature covers the attributes as a SET (tag 0x31), not as the [0] they are carried in.
  const signedBytes = Buffer.from(whole(der, attrsNode));
  signedBytes[0] = 0x31;
  const algorithm = readOid(der, childrenOf(der, signatureAlg)[0]!);
  const signature = contentOf(der, signatureNode);
  const publicKey = new X509Certificate(cert).publicKey;
  const rsa = algorithm === OID.sha256WithRSA || algorithm === OID.rsaEncryption;
  if (!rsa && algorithm !== OID.ecdsaWithSHA256) return `unsupported signature algorithm ${algorithm}`;
  if (!verify('sha256', signedBytes, publicKey, signature)) return 'the signature value does not verify';

  let timeStampedAt: string | null = null;
  if (unsignedNode && depth === 0) {
    for (const attribute of childrenOf(der, unsignedNode)) {
      const [attrType, values] = childrenOf(der, attribute);
      if (readOid(der, attrType!) !== OID.signatureTimeStamp) continue;
      const token = whole(der, childrenOf(der, values!)[0]!);
      const stamped = readTimeStamp(token, signature);
      if ('problem' in stamped) return `time-stamp: ${stamped.problem}`;
      timeStampedAt = stamped.time;
    }
  }
  return { cert, eContent, signature, timeStampedAt };
}

/** Whether `cert` is the one a SignerIdentifier names (issuerAndSerialNumber, or [0] subjectKeyIdentifier). */
function namesCertificate(der: Uint8Array, sid: Tlv, cert: Uint8Array): boolean {
  if (sid.tag === 0x30) {
    const own = certificateIssuerSerial(cert);
    const [issuer, serial] = childrenOf(der, sid);
    return Buffer.from(whole(der, issuer!)).equals(own.issuer) && Buffer.from(whole(der, serial!)).equals(own.serial);
  }
  // A [0] subjectKeyIdentifier sid is never what the registry writes: such a signer is not found, so not genuine.
  return false;
}

/** An RFC 3161 TimeStampToken over `signature`: its TSTInfo's imprint is SHA-256(signature); the TSA's signature holds. */
export function readTimeStamp(token: Uint8Array, signature: Uint8Array): { time: string } | { problem: string } {
  const verified = verifySignedData(token, null, 1);
  if (typeof verified === 'string') return { problem: verified };
  const tstInfo = verified.eContent!;
  const fields = childrenOf(tstInfo, readTlv(tstInfo, 0));
  const imprint = childrenOf(tstInfo, fields[2]!);
  if (readOid(tstInfo, childrenOf(tstInfo, imprint[0]!)[0]!) !== OID.sha256) return { problem: 'imprint is not SHA-256' };
  if (!Buffer.from(contentOf(tstInfo, imprint[1]!)).equals(createHash('sha256').update(signature).digest())) return { problem: 'it does not cover this signature' };
  const genTime = Buffer.from(contentOf(tstInfo, fields[4]!)).toString('latin1');
  const parsed = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(genTime);
  return { time: parsed ? `${parsed[1]}-${parsed[2]}-${parsed[3]}T${parsed[4]}:${parsed[5]}:${parsed[6]}Z` : genTime };
}

/** A PDF date (D:YYYYMMDDHHmmSS with Z or an offset) as ISO 8601 UTC; null when unreadable. */
function pdfDate(value: string | null): string | null {
  const match = value ? /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(value) : null;
  if (!match) return null;
  const [, y, mo, da, h, mi, s, zone, sign, oh, om] = match;
  let at = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s));
  if (zone && zone !== 'Z') at -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
