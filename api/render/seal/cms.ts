// The CMS of a PAdES baseline signature (ETSI EN 319 142-1 §6.3, EN 319 122-1 B-B): SignedData over the PDF's byte
// range, detached, with the signed attributes content-type, message-digest and signing-certificate-v2 and NO
// signing-time (PAdES puts the time in the signature dictionary's /M); the seal's chain included; an RFC 3161
// signature time-stamp as an unsigned attribute when a time-stamp authority is configured (B-T).
import { createHash, sign } from 'node:crypto';
import { Attribute, IssuerAndSerialNumber, SignerIdentifier, SignerInfo, id_data, id_signedData } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { childrenOf, issuerSerialOf, oid, octets, readTlv, sequence, setOf, tlv, whole } from '../../der.ts';
import type { SealKey } from './seal-key.ts';

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
} as const;

/** Sends the signature value's imprint to a time-stamp authority and returns its TimeStampToken (DER). */
export type TimeStamper = (signatureValue: Uint8Array) => Promise<Uint8Array>;

/** What does not change between seals with one key, encoded once: the signer's id and the certificates. */
interface KeyParts {
  readonly sid: SignerIdentifier;
  /** The certificates exactly as configured (no re-encoding), concatenated: the content of [0] certificates. */
  readonly certificates: Uint8Array;
  readonly signingCertificate: Uint8Array;
}

const keyParts = new WeakMap<SealKey, KeyParts>();

function partsOf(seal: SealKey): KeyParts {
  let parts = keyParts.get(seal);
  if (!parts) {
    const certificate = AsnConvert.parse(seal.cert, Certificate);
    parts = {
      sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: certificate.tbsCertificate.issuer, serialNumber: certificate.tbsCertificate.serialNumber }) }),
      certificates: Buffer.concat([seal.cert, ...seal.chain]),
      signingCertificate: signingCertificateV2(seal.cert),
    };
    keyParts.set(seal, parts);
  }
  return parts;
}

/**
 * A DER SignedData ContentInfo sealing the data whose SHA-256 is `digest`. The SignerInfo is the library's
 * (@peculiar/asn1-cms); the SignedData around it is written here with the certificates' own bytes, which spares
 * parsing and re-encoding the chain on every copy (it was most of a seal's time).
 */
export async function buildSealCms(seal: SealKey, digest: Uint8Array, timeStamp?: TimeStamper): Promise<Uint8Array> {
  const parts = partsOf(seal);
  const signed = signedAttributes(parts, digest);
  // The signature covers the DER of the SET OF attributes (tag 0x31), in the order DER sorts them; the SignerInfo
  // carries the same attributes under [0] IMPLICIT, so they are handed over in that same order.
  const encoded = signed.map((attribute) => new Uint8Array(AsnConvert.serialize(attribute)));
  const set = setOf(...encoded);
  const order = childrenOf(set, readTlv(set, 0)).map((node) => Buffer.from(whole(set, node)).toString('hex'));
  const hexes = encoded.map((bytes) => Buffer.from(bytes).toString('hex'));
  const sorted = order.map((hex) => signed[hexes.indexOf(hex)]!);
  const signature = sign('sha256', set, seal.key);
  const unsigned = timeStamp ? [new Attribute({ attrType: OID.signatureTimeStamp, attrValues: [toArrayBuffer(await timeStamp(signature))] })] : undefined;
  const signerInfo = new SignerInfo({
    version: 1,
    sid: parts.sid,
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }),
    signedAttrs: sorted,
    signatureAlgorithm: seal.algorithm === 'rsa'
      ? new AlgorithmIdentifier({ algorithm: OID.sha256WithRSA, parameters: null })
      : new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSHA256 }),
    signature: new OctetString(signature),
    ...(unsigned ? { unsignedAttrs: unsigned } : {}),
  });
  // SignedData { version 1, digestAlgorithms {sha256}, encapContentInfo {id-data, detached}, [0] certificates, signerInfos }.
  const signedData = sequence(
    Uint8Array.of(0x02, 0x01, 0x01),
    setOf(sequence(oid(OID.sha256))),
    sequence(oid(id_data)),
    tlv(0xa0, parts.certificates),
    setOf(new Uint8Array(AsnConvert.serialize(signerInfo))),
  );
  return sequence(oid(id_signedData), tlv(0xa0, signedData));
}

function signedAttributes(parts: KeyParts, digest: Uint8Array): Attribute[] {
  const attribute = (type: string, value: Uint8Array) => new Attribute({ attrType: type, attrValues: [toArrayBuffer(value)] });
  return [
    attribute(OID.contentType, oid(id_data)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, parts.signingCertificate),
  ];
}

/**
 * RFC 5035: SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { certHash (SHA-256, the default algorithm, so
 * not written), issuerSerial { issuer GeneralNames [directoryName], serialNumber } } }.
 */
export function signingCertificateV2(certDer: Uint8Array): Uint8Array {
  const hash = createHash('sha256').update(certDer).digest();
  return sequence(sequence(sequence(octets(hash), issuerSerialOf(certDer))));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
