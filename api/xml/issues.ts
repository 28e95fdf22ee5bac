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
} as const satisfies Record<string, CatalogueEntry>;
