// Field readers shared by every level: names, labels, comments, awards, signatories.
import { join, LONG_TEXT, shapeOf, SHORT_TEXT, type Children, type Reader } from './reader.ts';
import type { Signatory } from './model.ts';

// Letters (precomposed or with combining marks left by NFC) in words joined by one space, hyphen or apostrophe.
const PERSON_NAME = /^[\p{L}\p{M}]+(?:[ '-][\p{L}\p{M}]+)*$/u;
// One line with no surrounding or doubled spaces: what a label printed on the paper copy looks like.
const LABEL = /^\S+(?: \S+)*$/u;

export function first(children: Children, name: string): Element | undefined {
  return children.get(name)?.[0];
}

export function all(children: Children, name: string): readonly Element[] {
  return children.get(name) ?? [];
}

/** A person's name exactly as on the birth certificate: letters and single spaces. */
export function readPersonName(reader: Reader, element: Element | undefined, path: string): string | undefined {
  // One script for the whole name: a word of Cyrillic look-alikes (Ноа) in a Latin name is a forgery too.
  const value = reader.text(element, path, SHORT_TEXT, 'value');
  if (value === undefined) return undefined;
  if (PERSON_NAME.test(value)) return value;
  reader.report('field_format', path, { found: value, expected: '\\p{L}+( \\p{L}+)*' });
  return undefined;
}

/** A one-line label (school, class, place, title). */
export function readLabel(reader: Reader, element: Element | undefined, path: string): string | undefined {
  const value = reader.text(element, path);
  if (value === undefined) return undefined;
  if (LABEL.test(value)) return value;
  reader.report('field_format', path, { found: value, expected: 'one line, single spaces' });
  return undefined;
}

/** A free comment; line breaks are allowed. */
export function readComment(reader: Reader, element: Element | undefined, path: string): string | undefined {
  return reader.text(element, path, LONG_TEXT);
}

const SIGNATORY = shapeOf({ HoTen: '1', ChucDanh: '1' });

export function readSignatory(reader: Reader, element: Element | undefined, path: string): Signatory {
  if (!element) return { name: '', title: '' };
  const children = reader.children(element, path, SIGNATORY);
  return {
    name: readPersonName(reader, first(children, 'HoTen'), join(path, 'HoTen')) ?? '',
    title: readLabel(reader, first(children, 'ChucDanh'), join(path, 'ChucDanh')) ?? '',
  };
}

export interface Awards<T extends string> {
  readonly title?: T;
  readonly otherAwards: readonly string[];
}

/** DanhHieu (the circular's year-end title) and KhenThuongKhac (any other award, one per element). */
export function readAwards<T extends string>(reader: Reader, children: Children, path: string, titles: readonly T[]): Awards<T> {
  const title = reader.oneOf(first(children, 'DanhHieu'), join(path, 'DanhHieu'), titles);
  const otherAwards = all(children, 'KhenThuongKhac')
    .map((element, i) => readLabel(reader, element, join(path, `KhenThuongKhac[${i + 1}]`)) ?? '');
  return title === undefined ? { otherAwards } : { title, otherAwards };
}

/** A copy without the keys whose value is undefined, so optional fields are absent rather than undefined. */
export function compact<T extends object>(value: T): T {
  const copy: Partial<T> = {};
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy as T;
}
