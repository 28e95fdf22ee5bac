// The ZIP for an independent check of a record: the exact signed XML, the signers' certificates, the registry's
// trust list and CRLs, the official PDF when the API gives one, the stored report, the acceptance's proof in the
// transparency log with the log's key when there is one, and how to check it all with xmlsec1, openssl and hocba.
import { derToPem, describeCertificate, fingerprintOf, parseXml, withoutRecord, type RecordView } from '../../api/index.ts';
import type { PortalLocals } from './locals.ts';
import { bundleReadme, type BundleNames } from './bundle-readme.ts';
import { toZip, type ZipEntry } from './zip.ts';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

/**
 * Certificates carried in the signatures' KeyInfo (signers and the chains they included), once each: read from
 * the parsed document, `ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate` only, so text that merely looks
 * like a certificate (in content or anywhere else) never reaches the bundle's `chung-thu/` folder.
 */
export function certificatesInXml(xml: Uint8Array | string): Uint8Array[] {
  const found = new Map<string, Uint8Array>();
  for (const element of Array.from(parseXml(xml).document.getElementsByTagNameNS(DSIG, 'X509Certificate'))) {
    // Our parser's DOM (api/xml) has parentNode, not parentElement.
    const parentOf = (node: Element | null | undefined) => (node?.parentNode ?? null) as Element | null;
    const data = parentOf(element);
    const keyInfo = parentOf(data);
    const signature = parentOf(keyInfo);
    if (data?.localName !== 'X509Data' || keyInfo?.localName !== 'KeyInfo' || signature?.localName !== 'Signature'
      || [data, keyInfo, signature].some((node) => node?.namespaceURI !== DSIG)) continue;
    const der = new Uint8Array(Buffer.from((element.textContent ?? '').replace(/\s+/g, ''), 'base64'));
    found.set(fingerprintOf(der), der);
  }
  return [...found.values()];
}

function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'chung-thu';
}

/**
 * `xml`: the exact bytes the registry released on proof of the student's id (Registry.releaseRecordXml), the
 * only way the bundle gets them. Null when there is no such record.
 */
export async function buildBundle(locals: PortalLocals, code: string, xml: Uint8Array): Promise<{ zip: Uint8Array; view: RecordView } | null> {
  const view = await locals.registry.getRecord(code, { now: locals.clock(), actor: locals.actor });
  if (!view) return null;
  const [trust, pdf, log] = await Promise.all([locals.registry.loadTrustMaterial(), locals.loadPdf(code), locals.answers.recordInLog(code)]);
  // The same proof GET /records/{code}/proof?format=tlog-proof gives; with no acceptance integrated, none.
  const proof = log?.accepted?.proof ?? null;
  const names: BundleNames = {
    xml: `hoc-ba-${code}.xml`,
    pdf: pdf ? `hoc-ba-${code}.pdf` : null,
    signers: [],
    anchors: trust.anchors.map((_, i) => `tin-cay/ca-goc-${i + 1}.pem`),
    intermediates: trust.intermediates.map((_, i) => `tin-cay/ca-trung-gian-${i + 1}.pem`),
    crls: trust.crls.map((_, i) => `tin-cay/danh-sach-thu-hoi-${i + 1}.crl.pem`),
    logProof: proof === null ? null : 'log-proof.tlog-proof',
    logKey: proof === null || !log?.verifierKey ? null : 'log-key.txt',
  };
  const entries: ZipEntry[] = [{ name: names.xml, data: xml }];
  certificatesInXml(xml).forEach((der, i) => {
    let label = 'chung-thu';
    try {
      label = describeCertificate(der).commonName ?? label;
    } catch { /* not a certificate: still included for whoever checks */ }
    const name = `chung-thu/${String(i + 1).padStart(2, '0')}-${slug(label)}.pem`;
    names.signers.push(name);
    entries.push({ name, data: Buffer.from(derToPem(der, 'CERTIFICATE')) });
  });
  trust.anchors.forEach((der, i) => entries.push({ name: names.anchors[i]!, data: Buffer.from(derToPem(der, 'CERTIFICATE')) }));
  trust.intermediates.forEach((der, i) => entries.push({ name: names.intermediates[i]!, data: Buffer.from(derToPem(der, 'CERTIFICATE')) }));
  trust.crls.forEach((der, i) => entries.push({ name: names.crls[i]!, data: Buffer.from(derToPem(der, 'X509 CRL')) }));
  if (pdf && names.pdf) entries.push({ name: names.pdf, data: pdf });
  if (proof !== null && names.logProof) entries.push({ name: names.logProof, data: Buffer.from(proof) });
  if (names.logKey && log?.verifierKey) entries.push({ name: names.logKey, data: Buffer.from(`${log.verifierKey}\n`) });
  const report = withoutRecord(view.report);
  const facts = { lookupCode: view.lookupCode, status: view.status, locked: view.locked, lockDate: view.lockDate, effectiveFrom: view.effectiveFrom, digest: view.digest, report };
  entries.push({ name: 'bao-cao-kiem-tra.json', data: Buffer.from(`${JSON.stringify(facts, null, 2)}\n`) });
  entries.push({ name: 'HUONG-DAN.txt', data: Buffer.from(bundleReadme(view, names, view.report.signatures.length)) });
  return { zip: toZip(entries, locals.clock()), view };
}
