// Signature templates in the SPEC §7 envelope, written independently of api/signature, for xmlsec1 to sign.
import { createHash, X509Certificate } from 'node:crypto';

export const URI = {
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  c14nComments: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  exc: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  excComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  ecdsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  xpath: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
  signedProperties: 'http://uri.etsi.org/01903#SignedProperties',
} as const;

const NODE_HASH: Record<string, string> = { [URI.sha1]: 'sha1', [URI.sha256]: 'sha256', [URI.sha384]: 'sha384', [URI.sha512]: 'sha512' };

export interface TemplateOptions {
  readonly id: string;
  readonly contentId: string;
  readonly certificatePem: string;
  readonly c14n?: string;
  readonly digest?: string;
  readonly signatureMethod?: string;
  readonly role?: string | null;
  readonly signingTime?: string | null;
  /** SigningCertificate (V1) with X509IssuerName/X509SerialNumber, its CertDigest in this algorithm. */
  readonly certV1Digest?: string;
  /** Replace the CertDigest value (base64). */
  readonly certDigestValue?: string;
  /** `''`: the XMLDSig namespace as default namespace instead of the `ds:` prefix. */
  readonly dsPrefix?: string;
  readonly pretty?: boolean;
  /** Vietnamese e-invoice form: SigningTime in ds:Object/ds:SignatureProperties, referenced by a third Reference. */
  readonly vietnameseTime?: string;
  /** Replaces the content reference's URI and Transforms. */
  readonly contentUri?: string;
  readonly contentTransforms?: string;
  readonly omitPropertiesReference?: boolean;
  /** Extra markup appended to SignedInfo (more references). */
  readonly extraReferences?: string;
}

export function template(o: TemplateOptions): string {
  const p = o.dsPrefix === undefined ? 'ds:' : o.dsPrefix ? `${o.dsPrefix}:` : '';
  const xmlns = p ? `xmlns:${p.slice(0, -1)}` : 'xmlns';
  const n = o.pretty ? '\n' : '';
  const c14n = o.c14n ?? URI.c14n;
  const digest = o.digest ?? URI.sha256;
  const der = new X509Certificate(o.certificatePem).raw;
  const certDigest = o.certV1Digest ?? digest;
  const certDigestValue = o.certDigestValue ?? createHash(NODE_HASH[certDigest]!).update(der).digest('base64');
  const transform = (algorithm: string) => `<${p}Transforms><${p}Transform Algorithm="${algorithm}"/></${p}Transforms>`;
  const reference = (uri: string, transforms: string, type = '') =>
    `${n}<${p}Reference${type ? ` Type="${type}"` : ''} URI="${uri}">${transforms}<${p}DigestMethod Algorithm="${digest}"/><${p}DigestValue></${p}DigestValue></${p}Reference>`;
  const x509 = new X509Certificate(o.certificatePem);
  const certId = o.certV1Digest
    ? `<xades:SigningCertificate><xades:Cert><xades:CertDigest><${p}DigestMethod Algorithm="${certDigest}"/><${p}DigestValue>${certDigestValue}</${p}DigestValue></xades:CertDigest>`
      + `<xades:IssuerSerial><${p}X509IssuerName>${x509.issuer.split('\n').reverse().join(', ')}</${p}X509IssuerName>`
      + `<${p}X509SerialNumber>${BigInt(`0x${x509.serialNumber}`).toString()}</${p}X509SerialNumber></xades:IssuerSerial></xades:Cert></xades:SigningCertificate>`
    : `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest><${p}DigestMethod Algorithm="${certDigest}"/><${p}DigestValue>${certDigestValue}</${p}DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2>`;
  return `<CKS>${n}<${p}Signature ${xmlns}="http://www.w3.org/2000/09/xmldsig#" Id="${o.id}">${n}<${p}SignedInfo>`
    + `${n}<${p}CanonicalizationMethod Algorithm="${c14n}"/>${n}<${p}SignatureMethod Algorithm="${o.signatureMethod ?? URI.rsaSha256}"/>`
    + reference(o.contentUri ?? `#${o.contentId}`, o.contentTransforms ?? transform(c14n))
    + (o.omitPropertiesReference ? '' : reference(`#${o.id}-SP`, transform(c14n), URI.signedProperties))
    + (o.vietnameseTime ? reference(`#${o.id}-Time`, transform(c14n)) : '')
    + (o.extraReferences ?? '')
    + `${n}</${p}SignedInfo>${n}<${p}SignatureValue></${p}SignatureValue>${n}<${p}KeyInfo><${p}X509Data/></${p}KeyInfo>`
    + `${n}<${p}Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#${o.id}">`
    + `${n}<xades:SignedProperties Id="${o.id}-SP"><xades:SignedSignatureProperties>`
    + (o.signingTime === null ? '' : `${n}<xades:SigningTime>${o.signingTime ?? '2025-05-31T08:00:00+07:00'}</xades:SigningTime>`)
    + `${n}${certId}`
    + (o.role === null ? '' : `${n}<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole>${o.role ?? 'CoSoGiaoDuc'}</xades:ClaimedRole></xades:ClaimedRoles></xades:SignerRole>`)
    + `${n}</xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></${p}Object>`
    + (o.vietnameseTime
      ? `${n}<${p}Object Id="${o.id}-Time"><${p}SignatureProperties><${p}SignatureProperty Target="#${o.id}"><SigningTime xmlns="http://example.vn/invoice">${o.vietnameseTime}</SigningTime></${p}SignatureProperty></${p}SignatureProperties></${p}Object>`
      : '')
    + `${n}</${p}Signature>${n}</CKS>`;
}

/** Adds a slot as the last CKS (creating DSCKS), by plain text insertion, with the root's prefix if it has one. */
export function addSlot(xml: string, slot: string): string {
  const p = /<([\w.-]+:)?HocBaSo[\s>]/.exec(xml)?.[1] ?? '';
  const prefixed = slot.replace(/^<CKS>/, `<${p}CKS>`).replace(/<\/CKS>$/, `</${p}CKS>`);
  if (xml.includes(`</${p}DSCKS>`)) return xml.replace(`</${p}DSCKS>`, `${prefixed}</${p}DSCKS>`);
  return xml.replace(new RegExp(`</${p}HocBaSo>\\s*$`), `<${p}DSCKS>${prefixed}</${p}DSCKS></${p}HocBaSo>\n`);
}

export interface VnTemplateOptions {
  readonly id: string;
  readonly contentId: string;
  readonly c14n?: string;
  readonly digest?: string;
  readonly signatureMethod?: string;
  /** The Transforms of the DuLieu reference, whole (default: enveloped-signature then the c14n). */
  readonly contentTransforms?: string;
  /** The Transforms of the properties reference (default none). */
  readonly propertiesTransforms?: string;
  /** What the properties reference names (default the Object's Id); null: no such reference. */
  readonly propertiesUri?: string | null;
  readonly signingTime?: string | null;
  readonly role?: string | null;
  /** The role element, whole, instead of `<VaiTro xmlns="urn:hocba:hoc-ba-so:1">role</VaiTro>`. */
  readonly roleElement?: string;
  /** Put the role in a second, unreferenced ds:Object instead of the signed one. */
  readonly roleInUnsignedObject?: boolean;
  /** Extra markup appended to SignedInfo, and to the signature after its Objects. */
  readonly extraReferences?: string;
  readonly extraObjects?: string;
  /** Replaces the content reference's URI. */
  readonly contentUri?: string;
  /** `ds:`-prefixed elements instead of the default namespace. */
  readonly dsPrefix?: boolean;
}

/**
 * A Vietnamese XML-DSig profile template as e-invoice tools write it (default namespace, enveloped + c14n on DuLieu,
 * a plain reference to the Object of SignatureProperties), for xmlsec1 to sign.
 */
export function vnTemplate(o: VnTemplateOptions): string {
  const p = o.dsPrefix ? 'ds:' : '';
  const c14n = o.c14n ?? URI.c14n;
  const digest = o.digest ?? URI.sha256;
  const reference = (uri: string, transforms: string) =>
    `<${p}Reference URI="${uri}">${transforms}<${p}DigestMethod Algorithm="${digest}"/><${p}DigestValue></${p}DigestValue></${p}Reference>`;
  const role = o.role === null ? '' : o.roleElement ?? `<VaiTro xmlns="urn:hocba:hoc-ba-so:1">${o.role ?? 'CoSoGiaoDuc'}</VaiTro>`;
  const roleProperty = role ? `<${p}SignatureProperty Target="#${o.id}">${role}</${p}SignatureProperty>` : '';
  const time = o.signingTime === null ? '' : `<${p}SignatureProperty Id="${o.id}-Time" Target="#${o.id}"><${p}SigningTime>${o.signingTime ?? '2025-05-31T08:00:00'}</${p}SigningTime></${p}SignatureProperty>`;
  const properties = (id: string, inner: string) => `<${p}Object Id="${id}"><${p}SignatureProperties${id.endsWith('-Properties') ? ` Id="${o.id}-List"` : ''}>${inner}</${p}SignatureProperties></${p}Object>`;
  return `<CKS><${p}Signature ${p ? 'xmlns:ds' : 'xmlns'}="http://www.w3.org/2000/09/xmldsig#" Id="${o.id}"><${p}SignedInfo>`
    + `<${p}CanonicalizationMethod Algorithm="${c14n}"/><${p}SignatureMethod Algorithm="${o.signatureMethod ?? URI.rsaSha256}"/>`
    + reference(o.contentUri ?? `#${o.contentId}`, o.contentTransforms ?? `<${p}Transforms><${p}Transform Algorithm="${URI.enveloped}"/><${p}Transform Algorithm="${c14n}"/></${p}Transforms>`)
    + (o.propertiesUri === null ? '' : reference(o.propertiesUri ?? `#${o.id}-Properties`, o.propertiesTransforms ?? ''))
    + (o.extraReferences ?? '')
    + `</${p}SignedInfo><${p}SignatureValue></${p}SignatureValue><${p}KeyInfo><${p}X509Data/></${p}KeyInfo>`
    + properties(`${o.id}-Properties`, `${time}${o.roleInUnsignedObject ? '' : roleProperty}`)
    + (o.roleInUnsignedObject ? properties(`${o.id}-Unsigned`, roleProperty) : '')
    + (o.extraObjects ?? '')
    + `</${p}Signature></CKS>`;
}
