// The text of one XAdES-BES ds:Signature in the SPEC §7 shape: a reference to DuLieu and one to its own SignedProperties.
import { DSIG_NS, SIGNED_PROPERTIES_TYPE, XADES_NS } from './algorithms.ts';

export interface SignatureTemplate {
  readonly signatureId: string;
  readonly signedPropertiesId: string;
  readonly contentId: string;
  readonly c14nUri: string;
  readonly signatureUri: string;
  readonly digestUri: string;
  readonly contentDigest: string;
  /** Empty while the SignedProperties digest is being computed. */
  readonly propertiesDigest: string;
  /** Empty until signed. */
  readonly signatureValue: string;
  /** Base64 DER: the signer first, then the chain. */
  readonly certificates: readonly string[];
  readonly signingTime: string;
  readonly certDigest: string;
  readonly issuerSerialV2: string;
  readonly role: string;
}

/** `<CKS>…</CKS>` holding the signature; `slotName` is CKS with the record's prefix, if it uses one. */
export function renderSlot(slotName: string, t: SignatureTemplate): string {
  const reference = (uri: string, digest: string, type?: string) =>
    `<ds:Reference${type ? ` Type="${type}"` : ''} URI="#${escape(uri)}">`
    + `<ds:Transforms><ds:Transform Algorithm="${t.c14nUri}"/></ds:Transforms>`
    + `<ds:DigestMethod Algorithm="${t.digestUri}"/><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`;
  return `<${slotName}>`
    + `<ds:Signature xmlns:ds="${DSIG_NS}" Id="${escape(t.signatureId)}">`
    + '<ds:SignedInfo>'
    + `<ds:CanonicalizationMethod Algorithm="${t.c14nUri}"/>`
    + `<ds:SignatureMethod Algorithm="${t.signatureUri}"/>`
    + reference(t.contentId, t.contentDigest)
    + reference(t.signedPropertiesId, t.propertiesDigest, SIGNED_PROPERTIES_TYPE)
    + '</ds:SignedInfo>'
    + `<ds:SignatureValue>${t.signatureValue}</ds:SignatureValue>`
    + `<ds:KeyInfo><ds:X509Data>${t.certificates.map((c) => `<ds:X509Certificate>${c}</ds:X509Certificate>`).join('')}</ds:X509Data></ds:KeyInfo>`
    + `<ds:Object><xades:QualifyingProperties xmlns:xades="${XADES_NS}" Target="#${escape(t.signatureId)}">`
    + `<xades:SignedProperties Id="${escape(t.signedPropertiesId)}"><xades:SignedSignatureProperties>`
    + `<xades:SigningTime>${t.signingTime}</xades:SigningTime>`
    + '<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>'
    + `<ds:DigestMethod Algorithm="${t.digestUri}"/><ds:DigestValue>${t.certDigest}</ds:DigestValue>`
    + `</xades:CertDigest><xades:IssuerSerialV2>${t.issuerSerialV2}</xades:IssuerSerialV2></xades:Cert></xades:SigningCertificateV2>`
    + `<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole>${escape(t.role)}</xades:ClaimedRole></xades:ClaimedRoles></xades:SignerRole>`
    + '</xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object>'
    + '</ds:Signature>'
    + `</${slotName}>`;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
