// Issue codes of the one safe XML parser for untrusted input.
import type { CatalogueEntry } from '../issue-types.ts';

export const XML_ISSUES = {
  xml_too_large: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML quá lớn ({size} byte, tối đa {limit} byte).',
    en: 'The XML document is too large ({size} bytes, at most {limit} bytes).',
  },
  xml_not_utf8: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML phải được mã hoá UTF-8 ({detail}).',
    en: 'The XML document must be encoded in UTF-8 ({detail}).',
  },
  xml_doctype: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML không được chứa khai báo DOCTYPE hay ENTITY (nguy cơ XXE); hãy xoá khai báo này.',
    en: 'The XML document must not contain a DOCTYPE or ENTITY declaration (XXE risk); remove it.',
  },
  xml_processing_instruction: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML không được chứa chỉ thị xử lý ({target}).',
    en: 'The XML document must not contain processing instructions ({target}).',
  },
  xml_malformed: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML sai cú pháp: {detail}',
    en: 'The XML document is not well-formed: {detail}',
  },
  xml_too_deep: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML lồng quá sâu (hơn {limit} cấp).',
    en: 'The XML document is nested too deeply (more than {limit} levels).',
  },
  xml_too_many_nodes: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML có quá nhiều phần tử hoặc thuộc tính (hơn {limit}).',
    en: 'The XML document has too many elements or attributes (more than {limit}).',
  },
  xml_attribute_too_large: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Thuộc tính XML quá dài ({size} ký tự, tối đa {limit}).',
    en: 'An XML attribute is too long ({size} characters, at most {limit}).',
  },
  // --- parity with libxml2, so the xmlsec1 instructions of the bundle never fail on a record called valid ---
  xml_byte_order_mark: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML bắt đầu bằng nhiều hơn một dấu thứ tự byte (BOM, U+FEFF) ({detail}); chỉ được có tối đa một BOM, hãy xoá các BOM thừa.',
    en: 'The XML document starts with more than one byte order mark (BOM, U+FEFF) ({detail}); at most one is allowed, remove the others.',
  },
  xml_namespace_not_absolute: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không gian tên {name}="{uri}" không phải URI tuyệt đối (cần một scheme như urn: hoặc http:, không có dấu cách) ({detail}); chuẩn hoá C14N 1.0 §2 bắt buộc phải từ chối không gian tên tương đối.',
    en: 'The namespace {name}="{uri}" is not an absolute URI (a scheme such as urn: or http:, no spaces) ({detail}); canonical XML 1.0 §2 must fail on a relative namespace URI.',
  },
  xml_id_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Giá trị xml:id="{id}" không phải tên hợp lệ (NCName: bắt đầu bằng chữ cái hoặc _, không có dấu hai chấm hay dấu cách) ({detail}).',
    en: 'The value xml:id="{id}" is not a valid name (NCName: starts with a letter or _, no colon or space) ({detail}).',
  },
  xml_id_duplicate: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Giá trị xml:id="{id}" xuất hiện nhiều lần ({detail}); mỗi xml:id phải là duy nhất.',
    en: 'The value xml:id="{id}" occurs more than once ({detail}); every xml:id must be unique.',
  },
  xml_too_many_xml_attributes: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu XML có quá nhiều thuộc tính xml:* (hơn {limit}; chuẩn hoá C14N chép chúng xuống mọi phần tử con) ({detail}).',
    en: 'The XML document has too many xml:* attributes (more than {limit}; canonicalisation copies them onto every descendant) ({detail}).',
  },
  xml_too_many_attributes: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Phần tử {element} có quá nhiều thuộc tính (hơn {limit}) ({detail}).',
    en: 'The element {element} has too many attributes (more than {limit}) ({detail}).',
  },
} as const satisfies Record<string, CatalogueEntry>;
