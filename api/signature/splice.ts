// Inserts a new CKS slot into the record's text without touching the bytes already there (SPEC §7 co-signing):
// earlier signatures stay valid because nothing they cover is re-serialised.

interface Tag {
  readonly kind: 'start' | 'end' | 'empty';
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

// A lexical pass over markup: comments, CDATA and PIs are skipped whole, quoted attribute values may hold '>'.
function* tagsOf(text: string): Generator<Tag> {
  let at = text.indexOf('<');
  while (at >= 0) {
    const skip = text.startsWith('<!--', at) ? '-->' : text.startsWith('<![CDATA[', at) ? ']]>' : text.startsWith('<?', at) ? '?>' : null;
    if (skip) {
      const close = text.indexOf(skip, at);
      if (close < 0) throw new RangeError('unterminated markup');
      at = text.indexOf('<', close + skip.length);
      continue;
    }
    let quote = '';
    let end = at + 1;
    for (; end < text.length; end++) {
      const c = text[end];
      if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c; else if (c === '>') break;
    }
    if (end >= text.length) throw new RangeError('unterminated tag');
    const closing = text[at + 1] === '/';
    const name = /^[^\s/>]+/.exec(text.slice(closing ? at + 2 : at + 1, end))?.[0] ?? '';
    yield { kind: closing ? 'end' : text[end - 1] === '/' ? 'empty' : 'start', name, start: at, end: end + 1 };
    at = text.indexOf('<', end + 1);
  }
}

/**
 * The record text with `slot` (a whole `<CKS>…</CKS>`, written with `slotName`) added as the last CKS of DSCKS,
 * or in a new DSCKS as the root's last child. `listName` is DSCKS's qualified name (the root's prefix).
 */
export function spliceSlot(text: string, listName: string, slot: string): string {
  let depth = 0;
  let list: Tag | null = null;
  let listEnd: Tag | null = null;
  for (const tag of tagsOf(text)) {
    if (tag.kind === 'start') {
      if (depth === 1 && tag.name === listName && !list) list = tag;
      depth++;
    } else if (tag.kind === 'empty') {
      if (depth === 1 && tag.name === listName && !list) list = listEnd = tag;
    } else {
      depth--;
      if (depth === 1 && tag.name === listName && list && !listEnd) listEnd = tag;
      if (depth === 0) return insert(text, tag, list, listEnd, listName, slot);
    }
  }
  throw new RangeError('no root end tag');
}

function insert(text: string, rootEnd: Tag, list: Tag | null, listEnd: Tag | null, listName: string, slot: string): string {
  if (list && listEnd === list) {
    // `<DSCKS/>` holds nothing to keep: only its closing `/>` becomes `>…</DSCKS>`.
    const slash = text.lastIndexOf('/', list.end);
    return `${text.slice(0, slash)}>${slot}</${listName}>${text.slice(list.end)}`;
  }
  if (list && listEnd) {
    const { at, space } = spaceBefore(text, listEnd.start);
    return `${text.slice(0, at)}${space}${indentUnit(space)}${slot}${text.slice(at)}`;
  }
  const { at, space } = spaceBefore(text, rootEnd.start);
  const unit = indentUnit(space);
  const inner = space ? `${space}${unit}` : '';
  return `${text.slice(0, at)}${inner}<${listName}>${inner}${unit}${slot}${inner}</${listName}>${text.slice(at)}`;
}

function spaceBefore(text: string, position: number): { at: number; space: string } {
  let at = position;
  while (at > 0 && /[ \t\r\n]/.test(text[at - 1]!)) at--;
  return { at, space: text.slice(at, position) };
}

function indentUnit(space: string): string {
  return space.includes('\n') ? '  ' : '';
}
