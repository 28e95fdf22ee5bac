// Each signature of a report in plain words (who, when, which CA, content unchanged) plus its technical facts.
import { maskPersonalIdsInText, publicMessageOf, signingByRole, toSignatureFacts, type HocBaRecord, type Report, type SignatureReport } from '../../api/index.ts';
import { commonNameOf, toDateTime } from './format.ts';
import type { Lang, Text } from './i18n.ts';

export interface SignatureLine {
  readonly index: number;
  readonly role: string;
  readonly verdict: SignatureReport['verdict'];
  readonly signer: string | null;
  readonly organisation: string | null;
  readonly taxCode: string | null;
  readonly signedAt: string | null;
  /** The issuing CA's common name. */
  readonly ca: string | null;
  readonly intact: boolean;
  readonly certificateGood: boolean;
  /** Messages of this signature's issues, in the page's language. */
  readonly problems: readonly string[];
  readonly facts: readonly (readonly [label: string, value: string])[];
  readonly chain: readonly string[];
}

export function toSignatureLines(report: Report, lang: Lang, t: Text): SignatureLine[] {
  return report.signatures.map((signature) => toLine(signature, lang, t));
}

function toLine(s: SignatureReport, lang: Lang, t: Text): SignatureLine {
  const words = t.signatures.words;
  const word = (value: string) => words[value] ?? value;
  const signer = s.signer;
  const facts: [string, string][] = [];
  if (signer) {
    facts.push(
      [t.signatures.subject, maskPersonalIdsInText(signer.subject, signer.personalId ? [signer.personalId] : [])],
      [t.signatures.issuer, signer.issuer],
      [t.signatures.serial, signer.serial],
      [t.signatures.validity, `${toDateTime(signer.notBefore, lang)} – ${toDateTime(signer.notAfter, lang)}`],
      [t.signatures.publicKey, signer.publicKey],
      [t.signatures.fingerprint, signer.fingerprint],
    );
  }
  facts.push(
    [t.signatures.signatureAlgorithm, s.signatureAlgorithm ?? '—'],
    [t.signatures.digestAlgorithm, s.digestAlgorithm ?? '—'],
    [t.signatures.integrity, word(s.integrity)],
    [t.signatures.chainStatus, word(s.chain)],
    [t.signatures.revocation, word(s.revocation)],
    [t.signatures.verdict, `${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}`],
  );
  return {
    index: s.index,
    role: t.signatures.roles[s.role ?? 'unknown'] ?? s.role ?? t.signatures.roles.unknown!,
    verdict: s.verdict,
    signer: signer?.commonName ?? null,
    organisation: signer?.organisation ?? null,
    taxCode: signer?.taxCode ?? null,
    signedAt: s.signingTime ? toDateTime(s.signingTime, lang) : null,
    ca: signer ? commonNameOf(signer.issuer) : null,
    intact: s.integrity === 'intact',
    certificateGood: s.chain === 'trusted' && s.revocation === 'good',
    problems: s.issues.map((found) => publicMessageOf(found, lang)),
    facts,
    chain: s.chainCertificates.map((certificate) => `${commonNameOf(certificate.subject)} (${t.signatures.serial}: ${certificate.serial})`),
  };
}

/** Report-level issues and warnings, as messages. */
export function toReportMessages(report: Report, lang: Lang): { issues: string[]; warnings: string[] } {
  const text = (found: Report['issues'][number]) => `${publicMessageOf(found, lang)}${found.path ? ` (${found.path})` : ''}`;
  return { issues: report.issues.filter((found) => found.signature === undefined).map(text), warnings: report.warnings.map(text) };
}

/** One column of the paper template's "Xác nhận" block: the content's title and name, and what the certificates say. */
export interface SigningColumn {
  readonly role: 'GVCN' | 'HieuTruong';
  readonly title: string;
  /** The name as the content writes it (shown as named, never as a signer it is not). */
  readonly name: string;
  readonly signed: boolean;
  readonly note: string;
  /** A plain caveat, e.g. that a deputy may sign for the principal. */
  readonly caveat: string | null;
}

/** SPEC §6: who signed is what the certificates say (signingByRole); the content's names are shown as written. */
export function toSigningColumns(record: HocBaRecord, report: Report, t: Text): { columns: SigningColumn[]; sealed: boolean } {
  const byRole = signingByRole(toSignatureFacts(report.signatures), record);
  const of = (role: string) => byRole.find((found) => found.role === role);
  const column = (role: 'GVCN' | 'HieuTruong', person: { name: string; title: string }): SigningColumn => {
    const found = of(role);
    const base = { role, title: person.title, name: person.name };
    const validNames = (found?.signers ?? []).filter((signer) => signer.valid).map((signer) => signer.name ?? '?').join(', ');
    switch (found?.note) {
      case 'signed': return { ...base, signed: true, note: t.content.signedDigitally, caveat: null };
      case 'signed_by_other': return { ...base, signed: false, note: t.content.signedByOther(validNames), caveat: role === 'HieuTruong' ? t.content.deputyLawful : null };
      case 'school_seal_only': return { ...base, signed: false, note: t.content.schoolSealOnly, caveat: null };
      default: return {
        ...base, signed: false, caveat: null,
        note: (found?.signers.length ?? 0) > 0 ? t.content.signatureNotValid : t.content.notSignedDigitally,
      };
    }
  };
  return {
    columns: [column('GVCN', record.homeroomTeacher), column('HieuTruong', record.principal)],
    sealed: of('CoSoGiaoDuc')?.note === 'signed',
  };
}

