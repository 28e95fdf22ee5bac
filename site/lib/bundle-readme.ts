// HUONG-DAN.txt of the verification bundle: how to check the record without trusting the portal (Vietnamese, English).
import type { RecordView } from '../../api/index.ts';

export interface BundleNames {
  readonly xml: string;
  readonly pdf: string | null;
  readonly signers: string[];
  readonly anchors: readonly string[];
  readonly intermediates: readonly string[];
  readonly crls: readonly string[];
  /** The acceptance entry's proof in the transparency log (`c2sp.org/tlog-proof@v1`), and the log's verifier key. */
  readonly logProof: string | null;
  readonly logKey: string | null;
}

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
// The Id attributes a reference may point at: xmlsec1 must be told which attributes are IDs.
const ID_ATTRIBUTES = [
  'urn:hocba:hoc-ba-so:1:DuLieu', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', `${DSIG}:Object`, `${DSIG}:SignatureProperties`,
].map((id) => `--id-attr:Id '${id}'`).join(' \\\n    ');

export function bundleReadme(view: RecordView, names: BundleNames, signatureCount: number): string {
  const trusted = names.anchors.map((file) => `--trusted-pem ${file}`).join(' ');
  const untrusted = names.intermediates.map((file) => `--untrusted-pem ${file}`).join(' ');
  const verify = Array.from({ length: signatureCount }, (_, i) => [
    `xmlsec1 --verify ${ID_ATTRIBUTES} \\`,
    `    ${trusted} ${untrusted} \\`,
    `    --node-xpath "(//*[local-name()='Signature' and namespace-uri()='${DSIG}'])[${i + 1}]" ${names.xml}`,
  ].join('\n')).join('\n\n');
  const chain = names.signers.map((file) => [
    `openssl verify -CAfile ${names.anchors[0] ?? 'CA.pem'} ${names.intermediates.map((f) => `-untrusted ${f}`).join(' ')} \\`,
    `    -crl_check_all ${names.crls.map((f) => `-CRLfile ${f}`).join(' ')} ${file}`,
  ].join('\n')).join('\n');
  const logFiles = names.logProof
    ? `\n  ${names.logProof}  bằng chứng học bạ có trong sổ minh bạch / proof that the record is in the transparency log`
      + (names.logKey ? `\n  ${names.logKey}  khóa xác minh của sổ / the log's verifier key` : '')
    : '';
  const logStep = names.logProof
    ? `
5. Học bạ có trong sổ minh bạch công khai của Cổng? / Is the record in the registry's public log? (hocba)
   hocba verify ${names.xml} --proof ${names.logProof} --log-key ${names.logKey ?? 'KHOA-CUA-SO.txt'}
   Đối chiếu khóa với khóa do Sở Giáo dục và Đào tạo công bố: bằng chứng chỉ có giá trị với đúng khóa đó.
   Compare the key with the one the Department of Education and Training publishes: the proof counts only with it.
   Tệp bằng chứng theo chuẩn c2sp.org/tlog-proof@v1 (dòng "extra" là mục của sổ, có xml-sha256 của tệp XML).
   The proof is a c2sp.org/tlog-proof@v1 (its "extra" line is the log entry, with the XML's xml-sha256).
`
    : '';
  return `HỌC BẠ SỐ – GÓI TỰ KIỂM TRA / DIGITAL SCHOOL RECORD – INDEPENDENT CHECK
Mã tra cứu / Lookup code: ${view.lookupCode}
Trường / School: ${view.schoolName} (${view.schoolCode}) – Năm học / School year: ${view.schoolYear}
Tình trạng trên Cổng / Status on the portal: ${view.status}${view.locked ? ' (đã chốt / locked)' : ' (chưa chốt / not locked)'}

Tệp / Files
  ${names.xml}  tệp XML đã ký số, đúng từng byte như nhà trường gửi / the signed XML, byte for byte as the school sent it
  ${names.pdf ?? '(không có PDF / no PDF)'}  bản thể hiện chính thức / the official rendering
  chung-thu/    chứng thư số trong chữ ký / certificates carried by the signatures
  tin-cay/      chứng thư CA tin cậy và danh sách thu hồi của Cổng / the portal's trusted CAs and revocation lists
  bao-cao-kiem-tra.json  kết quả kiểm tra của Cổng / the portal's verification report${logFiles}

1. Tệp có đúng là tệp Cổng lưu? / Is this the file the portal holds?
   sha256sum ${names.xml}
   → ${view.digest}

2. Chữ ký còn nguyên vẹn và chuỗi chứng thư tin cậy? (xmlsec1, gói Debian/Ubuntu "xmlsec1")
   Are the signatures intact and their chains trusted? Run once per signature (${signatureCount}):

${verify}

   "OK" nghĩa là nội dung không thay đổi kể từ khi ký. / "OK" means the content is unchanged since signing.
   xmlsec1 kiểm tra thời hạn chứng thư theo giờ hiện tại; Cổng kiểm tra theo thời điểm ký.
   xmlsec1 checks certificate validity at the current time; the portal checks it at the signing time.

3. Chứng thư có bị thu hồi? / Are the certificates revoked? (openssl)
${chain}

4. Học bạ còn hiệu lực? Chỉ Cổng trả lời được (thu hồi, thay thế, chốt dữ liệu): tra cứu lại mã trên Cổng.
   Is the record still in force? Only the portal can say (recall, replacement, lock): look the code up again.
${logStep}`;
}
