// A tiny writer of pretty, indented XML for records: element trees in, escaped text out.

/** An element: name, then either its text or its children; undefined children are left out. */
export type XmlNode = readonly [name: string, content: string | number | boolean | readonly (XmlNode | undefined)[]];

const INDENT = '  ';

export function escapeText(value: string): string {
  // A raw carriage return would come back as a line feed after parsing: keep it as a reference.
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/** Leaf helper: an element with text, or nothing when the value is absent. */
export function leaf(name: string, value: string | number | boolean | undefined): XmlNode | undefined {
  return value === undefined ? undefined : [name, value];
}

/** Writes `node` at `depth`, with the opening tag's attributes given as raw pairs. */
export function writeXml(node: XmlNode, depth = 0, attributes: Readonly<Record<string, string>> = {}): string {
  const lines: string[] = [];
  write(node, depth, attributes, lines);
  return lines.join('\n');
}

function write(node: XmlNode, depth: number, attributes: Readonly<Record<string, string>>, lines: string[]): void {
  const [name, content] = node;
  const pad = INDENT.repeat(depth);
  const attrs = Object.entries(attributes).map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  if (typeof content !== 'object') {
    lines.push(`${pad}<${name}${attrs}>${escapeText(String(content))}</${name}>`);
    return;
  }
  const children = content.filter((child): child is XmlNode => child !== undefined);
  if (children.length === 0) {
    lines.push(`${pad}<${name}${attrs}/>`);
    return;
  }
  lines.push(`${pad}<${name}${attrs}>`);
  for (const child of children) write(child, depth + 1, {}, lines);
  lines.push(`${pad}</${name}>`);
}
