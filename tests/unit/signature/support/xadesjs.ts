// xadesjs as a second opinion: it gets the Document from OUR parser and the signer's key explicitly (STACK.md traps).
import { X509Certificate } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import * as xpath from 'xpath';
import { readEnvelope } from '../../../../api/record/envelope.ts';
import { parseXml } from '../../../../api/xml/index.ts';

xadesjs.setNodeDependencies({ DOMParser, XMLSerializer, xpath });
xadesjs.Application.setEngine('NodeJS', globalThis.crypto);

/** Verify() with the key passed in: without it xadesjs would accept any key KeyInfo carries. */
export async function xadesjsVerify(xml: string, n: number, certificatePem: string): Promise<boolean> {
  // xadesjs needs a mutable DOM (cloneNode, setAttributeNS), which our read-only parser does not build: the
  // document it checks comes from xmldom, after our own parser has accepted the same text.
  parseXml(xml);
  const document = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
  const element = readEnvelope(document).envelope!.signatures[n - 1]!;
  const signed = new xadesjs.SignedXml(document);
  signed.LoadXml(element);
  const method = signed.XmlSignature.SignedInfo.SignatureMethod.Algorithm;
  const hash = `SHA-${/sha(\d+)$/.exec(method)![1]}`;
  const certificate = new X509Certificate(certificatePem);
  const algorithm = method.includes('ecdsa')
    ? { name: 'ECDSA', namedCurve: certificate.publicKey.asymmetricKeyDetails!.namedCurve === 'prime256v1' ? 'P-256' : 'P-384', hash }
    : { name: 'RSASSA-PKCS1-v1_5', hash };
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  const key = await globalThis.crypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
  // xmldsigjs re-imports the key with its own algorithm object, which lacks namedCurve: ECDSA would throw.
  const own = signed as unknown as { Algorithm: Record<string, unknown> };
  if ('namedCurve' in algorithm) own.Algorithm = { ...own.Algorithm, namedCurve: algorithm.namedCurve };
  try {
    return await signed.Verify(key);
  } catch {
    return false;
  }
}
