// Is each signature intact? One SignatureCheck per CKS slot (SPEC §7); no trust, no policy, only integrity.
import { issue, type Issue } from '../errors.ts';
import type { Envelope } from '../record/envelope.ts';
import { C14N_ALGORITHMS, DIGESTS, isWeakAlgorithm, replacementFor, SIGNATURE_ALGORITHMS } from './algorithms.ts';
import { checkDigests, checkSignatureValue, type DigestCache } from './crypto-checks.ts';
import { readSignatureParts, type SignatureParts } from './read-signature.ts';
import { resolveReferences } from './references.ts';
import { findSignedProperties, readRole, readSigningTime, signatureProperties } from './signed-properties.ts';
import { firstCertificateSigner, identifySigner } from './signing-certificate.ts';
import { isXades, readPropertyRole } from './vn-profile.ts';
import type { Where } from './where.ts';

/** XAdES-BES, or the Vietnamese XML-DSig profile of e-invoice tools (SPEC §7; docs/record-format.md §1.1). */
export type SignatureProfile = 'xades-bes' | 'vn-xmldsig';

export interface SignatureCheck {
  /** 1-based position of the CKS slot. */
  readonly index: number;
  /** Null when the signature could not be read at all. */
  readonly profile: SignatureProfile | null;
  readonly role: string | null;
  readonly signingTime: Date | null;
  /** DER of the one KeyInfo certificate the SigningCertificate digest identifies. */
  readonly signer: Uint8Array | null;
  /** Every other KeyInfo certificate (chain candidates; nothing here is trusted). */
  readonly candidates: Uint8Array[];
  readonly signatureAlgorithm: string | null;
  readonly digestAlgorithm: string | null;
  /** `intact`: digests and SignatureValue verified and nothing else objected; `broken`: a digest or the value failed. */
  readonly integrity: 'intact' | 'broken' | 'not_checked';
  readonly issues: Issue[];
}

/** More signers than any record has (school, principal, homeroom and every subject teacher): a cost cap per record. */
export const MAX_SIGNATURES = 32;

export async function verifySignatures(document: Document, envelope: Envelope): Promise<SignatureCheck[]> {
  const cache: DigestCache = new Map();
  const checks: SignatureCheck[] = [];
  for (const [i, signature] of envelope.signatures.entries()) {
    const index = i + 1;
    const refused = issue('too_many_signatures', { signature: index, path: `DSCKS/CKS[${index}]`, params: { limit: MAX_SIGNATURES } });
    checks.push(index <= MAX_SIGNATURES ? await verifySignature(document, envelope, signature, index, cache) : notChecked(index, [refused]));
  }
  return checks;
}

/** `index` is the 1-based CKS slot; `cache` lets co-signatures of the same DuLieu share one canonicalisation. */
export async function verifySignature(
  _document: Document, envelope: Envelope, signature: Element, index: number, cache: DigestCache = new Map(),
): Promise<SignatureCheck> {
  try {
    return checkOne(envelope, signature, index, cache);
  } catch {
    // Fail closed: an input nobody foresaw becomes a refusal with a code, never an exception out of the engine.
    return notChecked(index, [issue('signature_malformed', {
      signature: index, path: `DSCKS/CKS[${index}]/Signature`, params: { detail: 'the signature could not be processed' },
    })]);
  }
}

function checkOne(envelope: Envelope, signature: Element, index: number, cache: DigestCache): SignatureCheck {
  const where = { index, base: `DSCKS/CKS[${index}]/Signature` };
  const read = readSignatureParts(signature, index, where.base);
  if (!read.parts) return notChecked(index, read.issues);
  const parts = read.parts;
  const issues: Issue[] = [...algorithmIssues(parts, where)];

  const profile: SignatureProfile = isXades(signature) ? 'xades-bes' : 'vn-xmldsig';
  const properties = profile === 'xades-bes' ? findSignedProperties(signature, where) : { element: null, issues: [] };
  issues.push(...properties.issues);
  const { resolved, issues: referenceIssues } = resolveReferences(parts.references, {
    ...where, signature, content: envelope.content, contentId: envelope.contentId, signedProperties: properties.element,
  });
  issues.push(...referenceIssues);

  const ssp = properties.element ? signatureProperties(properties.element) : null;
  const referenced = resolved.filter((reference) => reference.kind === 'signature-properties').map((reference) => reference.target);
  const signer = profile === 'xades-bes' ? identifySigner(ssp, parts.certificates, where) : firstCertificateSigner(parts.certificates, where);
  let signingTime: Date | null = null;
  let role: string | null = null;
  if (properties.element || profile === 'vn-xmldsig') {
    const time = readSigningTime(ssp, referenced, where);
    const claimed = profile === 'xades-bes' ? readRole(ssp, where) : readPropertyRole(signature, referenced, where);
    signingTime = time.time;
    role = claimed.role;
    issues.push(...signer.issues, ...time.issues, ...claimed.issues);
  }

  const digests = checkDigests(resolved, parts.references.length, where, cache);
  const value = signer.signer
    ? checkSignatureValue(parts, signer.signer.x509, where)
    : { issues: [], verified: false };
  issues.push(...digests.issues, ...value.issues);

  const broken = issues.some((found) => found.code === 'digest_mismatch' || found.code === 'signature_invalid');
  const intact = !broken && digests.complete && value.verified && !issues.some((found) => found.severity === 'error');
  const content = parts.references.find((reference) => reference.uri === `#${envelope.contentId}`);
  return {
    index,
    profile,
    role,
    signingTime,
    signer: signer.signer?.der ?? null,
    candidates: signer.candidates.map((certificate) => certificate.der),
    signatureAlgorithm: parts.signatureMethod || null,
    digestAlgorithm: (content ?? parts.references[0])?.digestMethod || null,
    integrity: broken ? 'broken' : intact ? 'intact' : 'not_checked',
    issues,
  };
}

// SPEC §7: SHA-1 and MD5 anywhere in SignedInfo are refused with the plain message; unknown URIs are unsupported.
function algorithmIssues(parts: SignatureParts, where: Where): Issue[] {
  const found: Issue[] = [];
  const check = (uri: string, known: boolean, path: string) => {
    if (known) return;
    const code = isWeakAlgorithm(uri) ? 'algorithm_refused' : 'algorithm_unsupported';
    const params: Record<string, string> = code === 'algorithm_refused' ? { algorithm: uri, replacement: replacementFor(uri) } : { algorithm: uri || '(none)' };
    found.push(issue(code, { signature: where.index, path: `${where.base}/${path}`, params }));
  };
  check(parts.signatureMethod, SIGNATURE_ALGORITHMS.has(parts.signatureMethod), 'SignedInfo/SignatureMethod');
  const c14n = parts.canonicalization.getAttribute('Algorithm') ?? '';
  check(c14n, C14N_ALGORITHMS.has(c14n), 'SignedInfo/CanonicalizationMethod');
  for (const reference of parts.references) check(reference.digestMethod, DIGESTS.has(reference.digestMethod), `${reference.path}/DigestMethod`);
  return found;
}

function notChecked(index: number, issues: Issue[]): SignatureCheck {
  return {
    index, profile: null, role: null, signingTime: null, signer: null, candidates: [],
    signatureAlgorithm: null, digestAlgorithm: null, integrity: 'not_checked', issues,
  };
}
