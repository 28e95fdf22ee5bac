// Reads the parts of one ds:Signature that verification needs, refusing any shape it cannot read unambiguously.
import { issue, type Issue } from '../errors.ts';
import { childElements, textOf } from '../xml/index.ts';
import { DSIG_NS } from './algorithms.ts';

export interface ReferencePart {
  readonly element: Element;
  /** `SignedInfo/Reference[n]`, 1-based. */
  readonly path: string;
  readonly uri: string | null;
  readonly type: string | null;
  /** The Transform elements, in order (empty when there is no Transforms element). */
  readonly transforms: Element[];
  readonly digestMethod: string;
  /** The whole text of DigestValue: comments inside can neither split nor hide part of it. */
  readonly digestValue: string;
}

export interface SignatureParts {
  readonly id: string | null;
  readonly signedInfo: Element;
  readonly canonicalization: Element;
  readonly signatureMethod: string;
  readonly signatureValue: string;
  readonly references: ReferencePart[];
  /** Base64 text of every KeyInfo/X509Data/X509Certificate, in document order. */
  readonly certificates: string[];
}

export type ReadResult = { parts: SignatureParts; issues: [] } | { parts: null; issues: Issue[] };

/** Exactly one of each part XMLDSig allows once: several SignedInfo (CVE-2025-29774) would let a reader pick. */
export function readSignatureParts(signature: Element, index: number, base: string): ReadResult {
  const issues: Issue[] = [];
  const malformed = (path: string, detail: string) =>
    issues.push(issue('signature_malformed', { signature: index, path: `${base}/${path}`, params: { detail } }));
  const one = (parent: Element, name: string, path: string): Element | null => {
    const found = childElements(parent, DSIG_NS, name);
    if (found.length !== 1) malformed(path, `expected exactly one ${name}, found ${found.length}`);
    return found.length === 1 ? found[0]! : null;
  };
  const signedInfo = one(signature, 'SignedInfo', 'SignedInfo');
  const valueElement = one(signature, 'SignatureValue', 'SignatureValue');
  const keyInfos = childElements(signature, DSIG_NS, 'KeyInfo');
  if (keyInfos.length > 1) malformed('KeyInfo', `expected at most one KeyInfo, found ${keyInfos.length}`);
  if (!signedInfo || !valueElement || keyInfos.length > 1) return { parts: null, issues };

  const canonicalization = one(signedInfo, 'CanonicalizationMethod', 'SignedInfo/CanonicalizationMethod');
  const method = one(signedInfo, 'SignatureMethod', 'SignedInfo/SignatureMethod');
  const references = childElements(signedInfo, DSIG_NS, 'Reference').map((element, i) => {
    const path = `SignedInfo/Reference[${i + 1}]`;
    const digestMethod = one(element, 'DigestMethod', `${path}/DigestMethod`);
    const digestValue = one(element, 'DigestValue', `${path}/DigestValue`);
    const transformLists = childElements(element, DSIG_NS, 'Transforms');
    if (transformLists.length > 1) malformed(`${path}/Transforms`, 'expected at most one Transforms');
    return {
      element, path,
      uri: element.getAttribute('URI'),
      type: element.getAttribute('Type'),
      transforms: transformLists[0] ? childElements(transformLists[0], DSIG_NS, 'Transform') : [],
      digestMethod: digestMethod?.getAttribute('Algorithm') ?? '',
      digestValue: digestValue ? textOf(digestValue) : '',
    };
  });
  if (issues.length > 0 || !canonicalization || !method) return { parts: null, issues };
  return {
    parts: {
      id: signature.getAttribute('Id'),
      signedInfo,
      canonicalization,
      signatureMethod: method.getAttribute('Algorithm') ?? '',
      signatureValue: textOf(valueElement),
      references,
      certificates: keyInfos.flatMap((keyInfo) => childElements(keyInfo, DSIG_NS, 'X509Data'))
        .flatMap((data) => childElements(data, DSIG_NS, 'X509Certificate'))
        .map(textOf),
    },
    issues: [],
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (XML whitespace between characters allowed): `Buffer.from` would silently drop foreign characters. */
export function decodeBase64Value(text: string): Buffer | null {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length === 0 || !BASE64.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}
