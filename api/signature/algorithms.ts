// The algorithm URIs a hocba signature may use (SPEC §7: RSA or ECDSA with SHA-256 or stronger; SHA-1 and MD5 refused).

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

export type DigestName = 'SHA-256' | 'SHA-384' | 'SHA-512';
export type C14nName = 'c14n' | 'exc-c14n';

// Maps, not object literals: an Algorithm="constructor" or "toString" must not find a prototype member.

/** Node's hash name per digest URI; SHA-1 only for reading a XAdES CertDigest, never in SignedInfo. */
export const DIGESTS: ReadonlyMap<string, string> = new Map([
  ['http://www.w3.org/2001/04/xmlenc#sha256', 'sha256'],
  ['http://www.w3.org/2001/04/xmldsig-more#sha384', 'sha384'],
  ['http://www.w3.org/2001/04/xmlenc#sha512', 'sha512'],
]);
export const SHA1_DIGEST = 'http://www.w3.org/2000/09/xmldsig#sha1';

export const DIGEST_URIS: Readonly<Record<DigestName, string>> = {
  'SHA-256': 'http://www.w3.org/2001/04/xmlenc#sha256',
  'SHA-384': 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'SHA-512': 'http://www.w3.org/2001/04/xmlenc#sha512',
};

export interface SignatureAlgorithm {
  readonly key: 'rsa' | 'ec';
  readonly hash: string;
}

export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> = new Map([
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', { key: 'rsa', hash: 'sha256' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', { key: 'rsa', hash: 'sha384' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', { key: 'rsa', hash: 'sha512' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', { key: 'ec', hash: 'sha256' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384', { key: 'ec', hash: 'sha384' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512', { key: 'ec', hash: 'sha512' }],
] as const);

export function signatureUri(key: 'rsa' | 'ec', digest: DigestName): string {
  return `http://www.w3.org/2001/04/xmldsig-more#${key === 'rsa' ? 'rsa' : 'ecdsa'}-${digest.replace('-', '').toLowerCase()}`;
}

/** Canonicalisation URIs (CanonicalizationMethod and c14n Transforms). */
export const C14N_ALGORITHMS: ReadonlyMap<string, { exclusive: boolean; withComments: boolean }> = new Map([
  ['http://www.w3.org/TR/2001/REC-xml-c14n-20010315', { exclusive: false, withComments: false }],
  ['http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments', { exclusive: false, withComments: true }],
  ['http://www.w3.org/2001/10/xml-exc-c14n#', { exclusive: true, withComments: false }],
  ['http://www.w3.org/2001/10/xml-exc-c14n#WithComments', { exclusive: true, withComments: true }],
]);

export const C14N_URIS: Readonly<Record<C14nName, string>> = {
  'c14n': 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'exc-c14n': 'http://www.w3.org/2001/10/xml-exc-c14n#',
};

/** SHA-1 and MD5 in any role (digest, RSA, ECDSA, DSA, HMAC): refused with the plain "use SHA-256" message. */
export function isWeakAlgorithm(uri: string): boolean {
  return /sha-?1(?!\d)|md5/i.test(uri);
}

/** Node's hash name for a XAdES CertDigest, which may still be SHA-1 (SPEC §7); null when unknown or MD5. */
export function certDigestHash(uri: string): string | null {
  if (uri === SHA1_DIGEST) return 'sha1';
  return DIGESTS.get(uri) ?? null;
}

/**
 * What a signing tool should write instead of a refused SHA-1/MD5 URI (the algorithm_refused message names it): the
 * same key type with SHA-256, or the SHA-256 digest.
 */
export function replacementFor(uri: string): string {
  if (/ecdsa/i.test(uri)) return signatureUri('ec', 'SHA-256');
  if (/rsa|dsa|hmac/i.test(uri)) return signatureUri('rsa', 'SHA-256');
  return DIGEST_URIS['SHA-256'];
}
