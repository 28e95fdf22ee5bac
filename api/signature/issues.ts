// Issue codes of api/signature/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const SIGNATURE_ISSUES = {
  signature_malformed: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Chữ ký số sai cấu trúc XMLDSig/XAdES ({path}): {detail}.',
    en: 'The signature does not have the XMLDSig/XAdES structure ({path}): {detail}.',
  },
  algorithm_refused: {
    outcome: 'invalid', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    vi: 'Chữ ký số dùng thuật toán {algorithm}: SHA-1 (và MD5) không còn được chấp nhận. Trong phần mềm ký của nhà trường, hãy thay {algorithm} bằng {replacement} (SHA-256; với .NET SignedXml: SignedXml.XmlDsigRSASHA256Url và XmlDsigSHA256Url), rồi ký lại; chứng thư số không cần đổi.',
    en: 'The signature uses {algorithm}: SHA-1 (and MD5) is no longer accepted. In the school\'s signing software, replace {algorithm} with {replacement} (SHA-256; with .NET SignedXml: SignedXml.XmlDsigRSASHA256Url and XmlDsigSHA256Url), then sign again; the certificate need not change.',
  },
  algorithm_unsupported: {
    outcome: 'invalid', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    vi: 'Thuật toán {algorithm} không được hỗ trợ; chỉ chấp nhận RSA hoặc ECDSA với SHA-256, SHA-384, SHA-512 và chuẩn hoá C14N.',
    en: 'Algorithm {algorithm} is not supported; only RSA or ECDSA with SHA-256, SHA-384, SHA-512 and C14N canonicalisation are accepted.',
  },
  key_refused: {
    outcome: 'invalid', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    vi: 'Khoá của người ký không đúng loại ({detail}); chỉ chấp nhận khoá RSA hoặc ECDSA.',
    en: 'The signer\'s key is of an unsupported kind ({detail}); only RSA and ECDSA keys are accepted.',
  },
  reference_uri_refused: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Chữ ký tham chiếu "{uri}"; chữ ký chỉ được ký phần tử DuLieu (URI="#{contentId}") và thuộc tính ký của chính nó (XAdES SignedProperties hoặc ds:SignatureProperties) (chống tấn công bọc chữ ký).',
    en: 'The signature references "{uri}"; a signature may only sign the DuLieu element (URI="#{contentId}") and its own signed properties (XAdES SignedProperties or ds:SignatureProperties) (signature-wrapping defence).',
  },
  content_reference_missing: {
    outcome: 'invalid', subIndication: 'SIGNED_DATA_NOT_FOUND',
    vi: 'Chữ ký không ký phần tử DuLieu (thiếu Reference URI="#{contentId}").',
    en: 'The signature does not sign the DuLieu element (no Reference URI="#{contentId}").',
  },
  signed_properties_missing: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Chữ ký thiếu thuộc tính ký XAdES (SignedProperties) của chính nó hoặc không ký chúng bằng một Reference Type SignedProperties.',
    en: 'The signature lacks its own XAdES SignedProperties, or does not sign them with a Reference of Type SignedProperties.',
  },
  signed_properties_target: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'QualifyingProperties trỏ tới "{target}", không phải chữ ký chứa nó (#{id}).',
    en: 'QualifyingProperties targets "{target}", not the signature holding it (#{id}).',
  },
  transform_refused: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Phép biến đổi {algorithm} không được phép; một Reference chỉ được có một phép chuẩn hoá C14N (bao hàm hoặc loại trừ), Reference tới DuLieu có thể có enveloped-signature đứng trước.',
    en: 'Transform {algorithm} is not allowed; a Reference may carry only one C14N canonicalisation (inclusive or exclusive), which the Reference to DuLieu may follow an enveloped-signature with.',
  },
  digest_mismatch: {
    outcome: 'invalid', subIndication: 'HASH_FAILURE',
    vi: 'Nội dung được ký ("{uri}") đã bị thay đổi sau khi ký: giá trị băm không khớp.',
    en: 'The signed content ("{uri}") was changed after signing: the digest does not match.',
  },
  signature_invalid: {
    outcome: 'invalid', subIndication: 'SIG_CRYPTO_FAILURE',
    vi: 'Giá trị chữ ký không hợp lệ với khoá công khai của chứng thư người ký ({detail}).',
    en: 'The signature value does not verify with the public key of the signer\'s certificate ({detail}).',
  },
  signing_certificate_missing: {
    outcome: 'invalid', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND',
    vi: 'Chữ ký không mang chứng thư số của người ký ({detail}).',
    en: 'The signature does not carry the signer\'s certificate ({detail}).',
  },
  signing_certificate_mismatch: {
    outcome: 'invalid', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND',
    vi: 'Không xác định được đúng một chứng thư người ký: SigningCertificate khớp {matches} chứng thư trong KeyInfo ({detail}).',
    en: 'Exactly one signer certificate could not be identified: SigningCertificate matches {matches} KeyInfo certificates ({detail}).',
  },
  certificate_unreadable: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không đọc được chứng thư số thứ {position} trong KeyInfo.',
    en: 'KeyInfo certificate number {position} cannot be read.',
  },
  signing_time_missing: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Chữ ký thiếu thời điểm ký (SigningTime).',
    en: 'The signature has no signing time (SigningTime).',
  },
  signing_time_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Thời điểm ký "{value}" không đúng định dạng ngày giờ XML (ví dụ 2025-05-31T08:00:00+07:00).',
    en: 'Signing time "{value}" is not an XML date-time (for example 2025-05-31T08:00:00+07:00).',
  },
  role_missing: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Chữ ký không nêu vai trò người ký (XAdES: SignerRole/ClaimedRoles/ClaimedRole; XML-DSig: VaiTro trong SignatureProperty được ký).',
    en: 'The signature does not state the signer\'s role (XAdES: SignerRole/ClaimedRoles/ClaimedRole; XML-DSig: VaiTro in a signed SignatureProperty).',
  },
  role_not_signed: {
    outcome: 'invalid', subIndication: 'SIG_CONSTRAINTS_FAILURE',
    vi: 'Vai trò người ký (VaiTro) nằm ngoài phần được chữ ký bảo vệ ({path}); VaiTro phải ở trong ds:SignatureProperty của ds:Object mà một Reference của chính chữ ký này tham chiếu.',
    en: 'The signer\'s role (VaiTro) is outside what the signature covers ({path}); VaiTro must sit in a ds:SignatureProperty of a ds:Object that a Reference of this very signature references.',
  },
  role_unknown: {
    outcome: 'invalid', subIndication: 'SIG_CONSTRAINTS_FAILURE',
    vi: 'Vai trò người ký "{role}" không hợp lệ; chỉ chấp nhận CoSoGiaoDuc, HieuTruong, GVCN, GVBM.',
    en: 'Signer role "{role}" is not valid; accepted roles are CoSoGiaoDuc, HieuTruong, GVCN, GVBM.',
  },
  role_ambiguous: {
    outcome: 'invalid', subIndication: 'SIG_CONSTRAINTS_FAILURE',
    vi: 'Một chữ ký chỉ được nêu một vai trò người ký (đang nêu: {roles}).',
    en: 'A signature may state only one signer role (found: {roles}).',
  },
  too_many_signatures: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Hồ sơ có quá nhiều chữ ký (tối đa {limit}); các chữ ký vượt quá không được kiểm tra.',
    en: 'The record carries too many signatures (at most {limit}); those beyond the limit are not checked.',
  },
  signing_key_unreadable: {
    outcome: 'invalid',
    vi: 'Không đọc được khoá bí mật hoặc chứng thư số dùng để ký ({detail}).',
    en: 'The private key or certificate for signing cannot be read ({detail}).',
  },
  signing_key_mismatch: {
    outcome: 'invalid',
    vi: 'Khoá bí mật không thuộc về chứng thư số đã cho.',
    en: 'The private key does not belong to the given certificate.',
  },
} as const satisfies Record<string, CatalogueEntry>;
