// Why a request is not valid, in both languages. `invalid_request` carries one of these keys as its `detail`, never
// a validator's own sentence: zod's English ("Invalid input: expected array…") must not sit inside a Vietnamese
// message. The words are put in when the answer is written, in the answer's language (error-handler.ts).
import type { ZodError } from 'zod';
import type { IssueParams, Lang } from '../index.ts';

export const REQUEST_PROBLEMS = {
  invalid: { vi: 'giá trị không hợp lệ', en: 'the value is not valid' },
  missing: { vi: 'thiếu giá trị bắt buộc', en: 'a required value is missing' },
  wrong_type: { vi: 'sai kiểu dữ liệu, cần {expected}', en: 'wrong type, expected {expected}' },
  too_big: { vi: 'vượt giới hạn (tối đa {maximum})', en: 'over the limit (at most {maximum})' },
  too_small: { vi: 'dưới mức tối thiểu ({minimum})', en: 'under the minimum ({minimum})' },
  bad_format: { vi: 'sai định dạng', en: 'wrong format' },
  not_allowed: { vi: 'giá trị không nằm trong danh sách cho phép', en: 'not one of the allowed values' },
  unknown_field: { vi: 'có trường không được phép ({keys})', en: 'unexpected field ({keys})' },
  malformed_json: { vi: 'nội dung không phải JSON đọc được', en: 'the body is not readable JSON' },
  body_length: { vi: 'độ dài nội dung không khớp Content-Length', en: 'the body length does not match Content-Length' },
  empty: { vi: 'nội dung trống', en: 'the body is empty' },
} as const satisfies Record<string, Record<Lang, string>>;

export type RequestProblem = keyof typeof REQUEST_PROBLEMS;

const TYPE_WORDS: Readonly<Record<string, Record<Lang, string>>> = {
  array: { vi: 'một mảng', en: 'an array' },
  object: { vi: 'một đối tượng', en: 'an object' },
  string: { vi: 'một chuỗi ký tự', en: 'a string' },
  number: { vi: 'một số', en: 'a number' },
  int: { vi: 'một số nguyên', en: 'an integer' },
  boolean: { vi: 'true hoặc false', en: 'true or false' },
};

/** The first zod issue as a problem key and its plain parameters (a type name, a bound, field names). */
export function problemOfZod(error: ZodError): IssueParams {
  const first = error.issues[0] as (ZodError['issues'][number] & { expected?: unknown; maximum?: unknown; minimum?: unknown; keys?: unknown }) | undefined;
  if (!first) return { detail: 'invalid' };
  switch (first.code) {
    case 'invalid_type':
      // zod leaves the input out of its issues; its message ends "received undefined" when the field is absent.
      return /received undefined$/.test(first.message) ? { detail: 'missing' } : { detail: 'wrong_type', expected: String(first.expected) };
    case 'too_big': return { detail: 'too_big', maximum: String(first.maximum) };
    case 'too_small': return { detail: 'too_small', minimum: String(first.minimum) };
    case 'invalid_format': return { detail: 'bad_format' };
    case 'invalid_value': return { detail: 'not_allowed' };
    case 'unrecognized_keys': return { detail: 'unknown_field', keys: (Array.isArray(first.keys) ? first.keys : []).map(String).join(', ').slice(0, 200) };
    default: return { detail: 'invalid' };
  }
}

/** `invalid_request`'s parameters with `detail` in words of `lang` (an unknown key reads as "not valid"). */
export function describeProblem(params: IssueParams | undefined, lang: Lang): IssueParams {
  const key = String(params?.detail ?? 'invalid');
  const words: string = (REQUEST_PROBLEMS as Record<string, Record<Lang, string>>)[key]?.[lang] ?? REQUEST_PROBLEMS.invalid[lang];
  const expected = params?.expected === undefined ? undefined : (TYPE_WORDS[String(params.expected)]?.[lang] ?? String(params.expected));
  const values: Record<string, string> = { ...Object.fromEntries(Object.entries(params ?? {}).map(([name, value]) => [name, String(value)])), ...(expected ? { expected } : {}) };
  return { ...params, detail: words.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole) };
}
