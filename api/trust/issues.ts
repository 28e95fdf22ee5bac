// Issue codes of api/trust/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const TRUST_ISSUES = {
  pem_malformed: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tệp PEM không đọc được ({reason}, dòng {line}). Hãy dùng tệp chứng thư số hoặc CRL dạng PEM nguyên vẹn do CA cung cấp.',
    en: 'The PEM file cannot be read ({reason}, line {line}). Use the intact PEM certificate or CRL file from the CA.',
  },
  cert_malformed: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Chứng thư số không phải chứng thư X.509 hợp lệ. Phần mềm ký phải nhúng đúng chứng thư số của người ký.',
    en: 'The certificate is not a valid X.509 certificate. The signing software must embed the signer\'s own certificate.',
  },
  crl_malformed: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Danh sách thu hồi (CRL) không hợp lệ. Hãy tải lại CRL từ trang của CA rồi nạp bằng `hocba trust crl`.',
    en: 'The revocation list (CRL) is not valid. Download it again from the CA and load it with `hocba trust crl`.',
  },
  cert_untrusted: {
    outcome: 'invalid', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    vi: 'Chứng thư số "{certificate}" (do "{issuer}" cấp) không dẫn tới CA nào trong danh sách tin cậy của Sở. Nhà trường cần dùng chứng thư số của CA được cấp phép; nếu CA đó hợp lệ, đơn vị vận hành phải thêm CA bằng `hocba trust add`.',
    en: 'Certificate "{certificate}" (issued by "{issuer}") does not chain to any CA on the registry\'s trust list. The school must sign with a certificate from a licensed CA; if that CA is legitimate, the registry operator must add it with `hocba trust add`.',
  },
  cert_signature_invalid: {
    outcome: 'invalid', subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
    vi: 'Chữ ký của CA trên chứng thư số "{certificate}" không đúng: chứng thư số đã bị sửa hoặc giả mạo. Hãy ký lại bằng chứng thư số gốc do CA cấp.',
    en: 'The CA\'s signature on certificate "{certificate}" does not verify: the certificate was altered or forged. Sign again with the certificate the CA issued.',
  },
  cert_path_too_costly: {
    outcome: 'indeterminate', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    vi: 'Không xác định được chuỗi chứng thư của "{certificate}" (do "{issuer}" cấp): KeyInfo chứa quá nhiều chứng thư số (hoặc quá nhiều chứng thư CA cùng tên) nên việc tìm chuỗi vượt giới hạn kiểm tra. Phần mềm ký chỉ nên nhúng chứng thư số của người ký và các CA trung gian của nó.',
    en: 'The chain of certificate "{certificate}" (issued by "{issuer}") could not be decided: KeyInfo holds too many certificates (or too many CA certificates with the same name), so the path search went past its limits. The signing software should embed only the signer\'s certificate and its intermediate CAs.',
  },
  cert_expired_at_signing: {
    outcome: 'invalid', subIndication: 'EXPIRED',
    vi: 'Chứng thư số "{certificate}" đã hết hạn ({notAfter}) trước thời điểm ký ({signingTime}). Hãy gia hạn chứng thư số với CA rồi ký lại.',
    en: 'Certificate "{certificate}" expired ({notAfter}) before the signing time ({signingTime}). Renew the certificate with the CA and sign again.',
  },
  cert_not_yet_valid_at_signing: {
    outcome: 'invalid', subIndication: 'NOT_YET_VALID',
    vi: 'Chứng thư số "{certificate}" chỉ có hiệu lực từ {notBefore}, sau thời điểm ký ({signingTime}). Hãy kiểm tra đồng hồ máy ký rồi ký lại.',
    en: 'Certificate "{certificate}" is valid only from {notBefore}, after the signing time ({signingTime}). Check the signing computer\'s clock and sign again.',
  },
  cert_not_ca: {
    outcome: 'invalid', subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    vi: 'Chứng thư số "{certificate}" trong chuỗi không phải chứng thư của CA (thiếu CA:true hoặc keyCertSign) nên không được cấp chứng thư khác. Hãy dùng chứng thư số do CA được cấp phép cấp.',
    en: 'Certificate "{certificate}" in the chain is not a CA certificate (no CA:true or keyCertSign), so it may not issue certificates. Use a certificate issued by a licensed CA.',
  },
  cert_path_too_long: {
    outcome: 'invalid', subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    vi: 'Chuỗi chứng thư dài hơn giới hạn của CA "{certificate}" (pathLen {pathLength}). Hãy dùng chứng thư số do CA được cấp phép cấp trực tiếp.',
    en: 'The chain is longer than CA "{certificate}" allows (pathLen {pathLength}). Use a certificate issued directly by a licensed CA.',
  },
  cert_unsupported_critical_extension: {
    outcome: 'invalid', subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    vi: 'Chứng thư số "{certificate}" có phần mở rộng bắt buộc ({extension}) mà hệ thống không xử lý được nên không thể tin cậy (RFC 5280). Hãy liên hệ Sở GDĐT.',
    en: 'Certificate "{certificate}" has a critical extension ({extension}) the registry does not process, so it cannot be trusted (RFC 5280). Contact the provincial department.',
  },
  cert_key_usage: {
    outcome: 'invalid', subIndication: 'SIG_CONSTRAINTS_FAILURE',
    vi: 'Chứng thư số "{certificate}" không được phép dùng để ký (thiếu digitalSignature/nonRepudiation). Hãy ký bằng chứng thư số ký số của đơn vị hoặc cá nhân.',
    en: 'Certificate "{certificate}" may not be used for signing (no digitalSignature/nonRepudiation key usage). Sign with a signing certificate of the school or person.',
  },
  key_too_weak: {
    outcome: 'invalid', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    vi: 'Khóa của chứng thư số "{certificate}" quá yếu ({publicKey}); chỉ chấp nhận RSA từ 2048 bit hoặc ECDSA P-256 trở lên. Hãy xin CA cấp chứng thư số mới.',
    en: 'The key of certificate "{certificate}" is too weak ({publicKey}); only RSA of 2048 bits or more and ECDSA P-256 or stronger are accepted. Ask the CA for a new certificate.',
  },
  cert_algorithm_too_weak: {
    outcome: 'invalid', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    vi: 'Chứng thư số "{certificate}" được CA ký bằng thuật toán băm yếu hoặc không hỗ trợ ({algorithm}); chỉ chấp nhận SHA-256 trở lên. Hãy xin CA cấp lại chứng thư số.',
    en: 'Certificate "{certificate}" was signed by its CA with a weak or unsupported hash ({algorithm}); only SHA-256 or stronger is accepted. Ask the CA to reissue the certificate.',
  },
  cert_revoked: {
    outcome: 'invalid', subIndication: 'REVOKED',
    vi: 'Chứng thư số "{certificate}" đã bị thu hồi lúc {revokedAt}, trước thời điểm ký ({signingTime}). Hãy ký lại bằng chứng thư số còn hiệu lực.',
    en: 'Certificate "{certificate}" was revoked at {revokedAt}, before the signing time ({signingTime}). Sign again with a certificate in force.',
  },
  cert_revoked_no_poe: {
    outcome: 'indeterminate', subIndication: 'REVOKED_NO_POE',
    vi: 'Chứng thư số "{certificate}" đã bị thu hồi lúc {revokedAt}; không có bằng chứng chữ ký tồn tại trước thời điểm đó (thời điểm ký {signingTime} chỉ do người ký khai). Hãy ký lại bằng chứng thư số còn hiệu lực.',
    en: 'Certificate "{certificate}" was revoked at {revokedAt}; nothing proves the signature existed before then (the signing time {signingTime} is only claimed by the signer). Sign again with a certificate in force.',
  },
  revocation_unknown: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Chưa kiểm tra được tình trạng thu hồi của chứng thư số "{certificate}": hệ thống chưa có danh sách thu hồi (CRL) của CA "{issuer}". Đơn vị vận hành cần nạp CRL hiện hành của CA bằng `hocba trust crl`, sau đó kiểm tra lại.',
    en: 'The revocation status of certificate "{certificate}" cannot be checked: the registry has no revocation list (CRL) of CA "{issuer}". The registry operator must load the CA\'s current CRL with `hocba trust crl`, then check again.',
  },
  revocation_stale: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Danh sách thu hồi (CRL) của CA "{issuer}" đã hết hạn ({nextUpdate}) nên chưa kiểm tra được chứng thư số "{certificate}". Đơn vị vận hành cần nạp CRL mới của CA bằng `hocba trust crl`, sau đó kiểm tra lại.',
    en: 'The revocation list (CRL) of CA "{issuer}" is out of date (next update was {nextUpdate}), so certificate "{certificate}" cannot be checked. The registry operator must load the CA\'s new CRL with `hocba trust crl`, then check again.',
  },
} as const satisfies Record<string, CatalogueEntry>;
