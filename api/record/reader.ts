// Walks elements directly (no XPath) and collects every content issue with its path relative to DuLieu.
import { issue, type Issue, type IssueCode, type IssueParams } from '../errors.ts';
import { HOCBA_NS } from './envelope.ts';
import { findTextProblem, isCalendarDate, isNfc, type ScriptScope } from './text-checks.ts';

/** How often a child may occur: exactly once, at most once, any number, at least once. */
export type Occurs = '1' | '?' | '*' | '+';

/** The children a structural element admits, in document order; built once per element kind. */
export interface Shape {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly occurs: ReadonlyMap<string, Occurs>;
  readonly required: readonly string[];
}

export type Children = ReadonlyMap<string, readonly Element[]>;

export function shapeOf(spec: Readonly<Record<string, Occurs>>): Shape {
  const names = Object.keys(spec);
  const required = names.filter((name) => spec[name] === '1' || spec[name] === '+');
  return { names, index: new Map(names.map((name, i) => [name, i])), occurs: new Map(Object.entries(spec)), required };
}

export function join(path: string, name: string): string {
  return path === '' ? name : `${path}/${name}`;
}

const NOT_BLANK = /\S/;
export const SHORT_TEXT = 200;
export const LONG_TEXT = 2000;

export class Reader {
  readonly issues: Issue[] = [];

  report(code: IssueCode, path: string, params?: IssueParams): void {
    this.issues.push(issue(code, { path, ...(params ? { params } : {}) }));
  }

  /** The children of a structural element, checked against its shape: namespace, names, order, counts. */
  children(parent: Element, path: string, shape: Shape, allowedAttribute?: string): Children {
    this.attributes(parent, path, allowedAttribute);
    const found = new Map<string, Element[]>();
    let last = -1;
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3 || node.nodeType === 4) {
        if (NOT_BLANK.test(node.nodeValue ?? '')) this.report('field_unexpected', path, { found: '#text' });
        continue;
      }
      if (node.nodeType !== 1) continue;
      const element = node as Element;
      const name = element.localName ?? '';
      const at = element.namespaceURI === HOCBA_NS ? shape.index.get(name) ?? -1 : -1;
      if (at < 0) {
        this.report('field_unexpected', join(path, name), { found: element.tagName });
        continue;
      }
      const list = found.get(name);
      const occurs = shape.occurs.get(name);
      if (list && (occurs === '1' || occurs === '?')) {
        this.report('field_unexpected', join(path, `${name}[${list.length + 1}]`), { found: element.tagName });
        continue;
      }
      if (at < last) this.report('field_order', join(path, name), { after: shape.names[last]! });
      else last = at;
      if (list) list.push(element);
      else found.set(name, [element]);
    }
    for (const name of shape.required) if (!found.has(name)) this.report('field_missing', join(path, name));
    return found;
  }

  /**
   * The whole text of a leaf (textContent, so a comment never cuts a value): no children, not empty, NFC, no character
   * that makes it read as something else (`scope`: where one script must hold, see text-checks.ts).
   */
  text(element: Element | undefined, path: string, max = SHORT_TEXT, scope: ScriptScope = 'word'): string | undefined {
    if (!element) return undefined;
    this.attributes(element, path);
    let simple = true;
    for (let node = element.firstChild; node; node = node.nextSibling) {
      if (node.nodeType !== 3) simple = false;
      if (node.nodeType === 1) this.report('field_unexpected', join(path, (node as Element).localName ?? ''), { found: (node as Element).tagName });
    }
    // The whole text: textContent, so a comment never cuts a value in two. A lone text node (the usual
    // case) is the same thing read directly, which saves xmldom's tree walk on the hot path.
    const only = element.firstChild;
    const value = simple && only && !only.nextSibling ? only.nodeValue ?? '' : element.textContent ?? '';
    if (!NOT_BLANK.test(value)) {
      this.report('field_empty', path);
      return undefined;
    }
    if (!isNfc(value)) {
      this.report('text_not_nfc', path);
      return undefined;
    }
    if (value.length > max) {
      this.report('field_too_long', path, { length: value.length, max });
      return undefined;
    }
    const problem = findTextProblem(value, scope);
    if (problem !== null) {
      this.report(problem.code, path, problem.params);
      return undefined;
    }
    return value;
  }

  /** A text that must match a pattern exactly (no surrounding spaces). */
  pattern(element: Element | undefined, path: string, pattern: RegExp, expected: string): string | undefined {
    const value = this.text(element, path);
    if (value === undefined) return undefined;
    if (pattern.test(value)) return value;
    this.report('field_format', path, { found: value, expected });
    return undefined;
  }

  oneOf<T extends string>(element: Element | undefined, path: string, values: readonly T[]): T | undefined {
    const value = this.text(element, path);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.report('field_value', path, { found: value, expected: values.join(' | ') });
    return undefined;
  }

  integer(element: Element | undefined, path: string, min: number, max: number): number | undefined {
    const value = this.pattern(element, path, /^[0-9]{1,4}$/, `${min}-${max}`);
    if (value === undefined) return undefined;
    const number = Number(value);
    if (number >= min && number <= max) return number;
    this.report('field_value', path, { found: value, expected: `${min}-${max}` });
    return undefined;
  }

  /** A TT 22 score or average: 0-10 with at most one decimal, written with a point (8, 8.0, 8.5, 10). */
  score(element: Element | undefined, path: string): number | undefined {
    const value = this.pattern(element, path, /^(10(\.0)?|[0-9](\.[0-9])?)$/, '0-10, x.y');
    return value === undefined ? undefined : Number(value);
  }

  /** dd/MM/yyyy of a day that exists. */
  date(element: Element | undefined, path: string): string | undefined {
    const value = this.pattern(element, path, /^[0-9]{2}\/[0-9]{2}\/[0-9]{4}$/, 'dd/MM/yyyy');
    if (value === undefined) return undefined;
    if (isCalendarDate(value)) return value;
    this.report('date_invalid', path, { found: value });
    return undefined;
  }

  boolean(element: Element | undefined, path: string): boolean | undefined {
    const value = this.oneOf(element, path, ['true', 'false', '1', '0'] as const);
    return value === undefined ? undefined : value === 'true' || value === '1';
  }

  private attributes(element: Element, path: string, allowed?: string): void {
    const attributes = element.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const name = attributes[i]!.name;
      if (name === allowed || name === 'xmlns' || name.startsWith('xmlns:')) continue;
      this.report('field_unexpected', join(path, `@${name}`), { found: `@${name}` });
    }
  }
}
