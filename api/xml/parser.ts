// Our strict, iterative XML 1.0 + Namespaces parser: text → read-only DOM, limits enforced while building.
import { HocbaError } from '../errors.ts';
import { firstIllegalCharacter, isSpace, nameEnd, XmlSyntaxError } from './chars.ts';
import { XmlCData, XmlComment, XmlDocument, XmlText, type XmlChild, type XmlElement, type XmlParent } from './dom.ts';
import { Bindings, toElement, XmlAttributes } from './namespaces.ts';
import { expandReferences } from './references.ts';
import { readStartTag, StartTag } from './start-tag.ts';

export interface ParserLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxAttributeChars: number;
  /** Attributes (namespace declarations included) one start tag may carry. */
  readonly maxAttributesPerElement: number;
  /** xml:* attributes in the whole document: C14N copies them onto descendants (inheritance cost). */
  readonly maxXmlAttributes: number;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DECLARATION = /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])([^"']*)\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\4)?[ \t\n]*\?>/;

/**
 * The document in `source` (BOM allowed; `bytes`: the UTF-8 a fatal decoder made it from, for the fast checks);
 * HocbaError xml_malformed with line and column, or the code of the limit exceeded.
 */
export function buildDocument(source: string, limits: ParserLimits, bytes?: Uint8Array): XmlDocument {
  // §2.11: every CRLF and lone CR is a LF before anything else reads the text (lines and columns do not move).
  const unmarked = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const text = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  try {
    // §4.3.3: one byte order mark is the encoding's signature; a second is a character before the root, which
    // libxml2 (and so xmlsec1) refuses: "Start tag expected".
    if (text.charCodeAt(0) === 0xfeff) throw new XmlSyntaxError('a second byte order mark (U+FEFF)', 0, 'xml_byte_order_mark');
    const illegal = firstIllegalCharacter(text, bytes);
    if (illegal >= 0) {
      throw new XmlSyntaxError(`illegal character U+${text.codePointAt(illegal)!.toString(16).toUpperCase().padStart(4, '0')}`, illegal);
    }
    return new Parser(text, limits).run();
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    const line = countLines(text, error.at);
    const column = error.at - text.lastIndexOf('\n', error.at - 1);
    throw new HocbaError(error.code, { params: { ...error.params, detail: `${error.message} (line ${line}, column ${column})`, line, column } });
  }
}

function countLines(text: string, end: number): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

class Parser {
  readonly text: string;
  readonly limits: ParserLimits;
  readonly document = new XmlDocument();
  readonly tag = new StartTag();
  readonly bindings = new Bindings();
  readonly xmlAttributes: XmlAttributes;
  nodes = 0;

  constructor(text: string, limits: ParserLimits) {
    this.text = text;
    this.limits = limits;
    this.xmlAttributes = new XmlAttributes(limits.maxXmlAttributes);
  }

  run(): XmlDocument {
    const { text, document, tag, bindings } = this;
    const length = text.length;
    const open: XmlElement[] = [];
    let parent: XmlParent = document;
    let pos = this.prolog();
    for (;;) {
      const depth = open.length;
      if (depth === 0) {
        while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
        if (pos >= length) break;
        if (text.charCodeAt(pos) !== LT) {
          throw new XmlSyntaxError(document.documentElement ? 'text after the root element' : 'text before the root element', pos);
        }
      } else {
        const lt = text.indexOf('<', pos);
        if (lt < 0) throw new XmlSyntaxError(`element <${(parent as XmlElement).tagName}> is not closed`, length);
        if (lt > pos) this.characters(parent as XmlElement, pos, lt, depth);
        pos = lt;
      }
      const next = text.charCodeAt(pos + 1);
      if (next === SLASH) {
        if (depth === 0) throw new XmlSyntaxError('end tag outside the root element', pos);
        pos = this.endTag(parent as XmlElement, pos);
        open.pop();
        bindings.leave();
        parent = depth > 1 ? open[depth - 2]! : document;
      } else if (next === BANG) {
        pos = this.declaration(parent, pos, depth);
      } else if (next === QUESTION) {
        pos = this.instruction(pos, depth);
      } else {
        if (depth === 0 && document.documentElement) throw new XmlSyntaxError('a second root element', pos);
        readStartTag(text, pos, tag, this.limits);
        this.count(depth, 1 + tag.count);
        const element = toElement(tag, bindings, document, this.xmlAttributes);
        append(parent, element);
        if (depth === 0) document.documentElement = element;
        if (tag.selfClosing) bindings.leave();
        else {
          open.push(element);
          parent = element;
        }
        pos = tag.end;
      }
    }
    if (!document.documentElement) throw new XmlSyntaxError('no root element', length);
    return document;
  }

  // The old tree check counted every node under the root, attributes included, and a node's depth from root = 1.
  count(depth: number, nodes: number): void {
    if (depth + 1 > this.limits.maxDepth) throw new HocbaError('xml_too_deep', { params: { limit: this.limits.maxDepth } });
    this.nodes += nodes;
    if (this.nodes > this.limits.maxNodes) throw new HocbaError('xml_too_many_nodes', { params: { limit: this.limits.maxNodes } });
  }

  prolog(): number {
    const text = this.text;
    if (!text.startsWith('<?xml') || !isSpace(text.charCodeAt(5))) return 0;
    const declaration = DECLARATION.exec(text);
    if (!declaration) throw new XmlSyntaxError('malformed XML declaration', 0);
    if (declaration[2] !== '1.0') throw new XmlSyntaxError(`XML version ${declaration[2]!.slice(0, 10)} (only 1.0 is accepted)`, 0);
    return declaration[0].length;
  }

  characters(parent: XmlElement, start: number, end: number, depth: number): void {
    let data = this.text.slice(start, end);
    const cdataEnd = data.indexOf(']]>');
    if (cdataEnd >= 0) throw new XmlSyntaxError("']]>' in text (write ]]&gt;)", start + cdataEnd);
    if (data.includes('&')) data = expandReferences(data, start);
    const last = parent.lastChild;
    if (last !== null && last.nodeType === 3) {
      // Only an empty CDATA section (no node) separates two runs of text: one text node, as xmldom made it.
      const merged = last as { data: string; nodeValue: string };
      merged.data = merged.nodeValue = last.data + data;
      return;
    }
    this.count(depth, 1);
    append(parent, new XmlText(data, this.document));
  }

  endTag(element: XmlElement, lt: number): number {
    const text = this.text;
    const name = element.tagName;
    let p = lt + 2 + name.length;
    const after = text.charCodeAt(p);
    if (!text.startsWith(name, lt + 2) || (after !== GT && !isSpace(after))) {
      const found = text.slice(lt + 2, Math.max(nameEnd(text, lt + 2), lt + 2));
      throw new XmlSyntaxError(`end tag </${found}> does not match <${name}>`, lt);
    }
    while (isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== GT) throw new XmlSyntaxError(`expected '>' to close </${name}>`, p);
    return p + 1;
  }

  // `<!`: a comment anywhere, a CDATA section inside the root; DOCTYPE and other declarations never (refused earlier).
  declaration(parent: XmlParent, lt: number, depth: number): number {
    const text = this.text;
    let node: XmlChild;
    let end: number;
    if (text.startsWith('--', lt + 2)) {
      const close = text.indexOf('--', lt + 4);
      if (close < 0) throw new XmlSyntaxError('comment is not closed', lt);
      if (text.charCodeAt(close + 2) !== GT) throw new XmlSyntaxError("'--' inside a comment", close);
      node = new XmlComment(text.slice(lt + 4, close), this.document);
      end = close + 3;
    } else if (depth > 0 && text.startsWith('[CDATA[', lt + 2)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0) throw new XmlSyntaxError('CDATA section is not closed', lt);
      // An empty CDATA section adds no node and leaves the text around it one node, as xmldom did.
      if (close === lt + 9) return close + 3;
      node = new XmlCData(text.slice(lt + 9, close), this.document);
      end = close + 3;
    } else {
      throw new XmlSyntaxError(depth > 0 ? "'<!' markup that is neither a comment nor CDATA" : "'<!' markup outside the root element", lt);
    }
    this.count(depth, 1);
    append(parent, node);
    return end;
  }

  // One instruction is let through, and only as a no-op: `<?xml-stylesheet …?>` before the root, which a Vietnamese
  // e-invoice vendor writes so a browser shows the document. It adds no node (nothing reads, signs or shows it); every
  // other instruction, and this one anywhere else, is refused. It still counts against the node cap.
  instruction(lt: number, depth: number): number {
    const text = this.text;
    const target = text.slice(lt + 2, nameEnd(text, lt + 2));
    if (target.toLowerCase() === 'xml') throw new XmlSyntaxError('XML declaration not at the start of the document', lt);
    if (target !== 'xml-stylesheet' || depth > 0 || this.document.documentElement) {
      throw new HocbaError('xml_processing_instruction', { params: { target: target || '?' } });
    }
    const close = text.indexOf('?>', lt + 2 + target.length);
    if (close < 0) throw new XmlSyntaxError('processing instruction is not closed', lt);
    if (close > lt + 2 + target.length && !isSpace(text.charCodeAt(lt + 2 + target.length))) {
      throw new XmlSyntaxError('expected a space after the processing instruction target', lt);
    }
    this.count(0, 1);
    return close + 2;
  }
}

function append(parent: XmlParent, child: XmlChild): void {
  child.parentNode = parent as XmlElement;
  const last = parent.lastChild;
  if (last === null) parent.firstChild = child;
  else {
    last.nextSibling = child;
    child.previousSibling = last;
  }
  parent.lastChild = child;
}
