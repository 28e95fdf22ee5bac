// What of a stored record may be told to someone who holds only the lookup code (SPEC §6, §9). The signers' hook
// lives here, and ONLY here, so the work on signers plugs in without touching any door:
//   HOOK signers — `publicSignaturesOf`: who signed each role, as the certificates say (api/verify/signers.ts)
// Personal ids have one home, api/record/personal-ids.ts: the registry masks the student's and signers' ids at rest,
// and every public answer (record answer, upload check, bulk, copies) masks again on the way out every `CCCD:` run
// and every id it knows (an uploaded file's report is not stored, so not masked at rest): `toPublicReport` here.
import { messageOf, type Issue, type Lang } from '../errors.ts';
import { maskPersonalIdsIn, signerPersonalIds } from '../record/personal-ids.ts';
import { withoutRecord, type Report } from '../verify/report.ts';

/** HOOK signers: today the stored report's signatures as they are (the registry already masked the student's id). */
export function publicSignaturesOf(report: Report): Report['signatures'] {
  return report.signatures;
}

/** The report as the public sees it: no content (shown once, beside it) and signatures per the hook above. */
export function toPublicReport(report: Report): Omit<Report, 'record'> {
  return maskPersonalIdsIn({ ...withoutRecord(report), signatures: publicSignaturesOf(report) }, signerPersonalIds(report));
}

/**
 * Messages written for schools and operators name operator commands (`hocba trust add`); a member of the public
 * gets a message about what the finding means for them instead.
 */
const PUBLIC_MESSAGES: Partial<Record<Issue['code'], Record<Lang, string>>> = {
  cert_untrusted: {
    vi: 'Chứng thư số dùng để ký do một tổ chức không có trong danh sách tin cậy của Cổng cấp, nên Cổng không xác nhận được ai đã ký tệp này.',
    en: 'The signing certificate was issued by an authority that is not on the registry’s trust list, so the registry cannot confirm who signed this file.',
  },
};

export function publicMessageOf(found: Issue, lang: Lang): string {
  return PUBLIC_MESSAGES[found.code]?.[lang] ?? messageOf(found, lang);
}
