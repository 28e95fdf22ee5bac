// A canonical structural dump of a DOM (any implementation), and the link invariants our DOM must keep.

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/**
 * One line per node and attribute, with every property the code base reads. At document level only elements and
 * comments: xmldom also keeps the XML declaration as a PI and whitespace as text, which the DOM standard has not.
 */
export function dumpTree(document: Document): string[] {
  const lines: string[] = [`document children=${[...childrenOf(document)].filter(isDocumentLevel).length}`];
  const stack: Array<[Node, number]> = [];
  for (const child of [...childrenOf(document)].filter(isDocumentLevel).reverse()) stack.push([child, 0]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const pad = ' '.repeat(depth);
    if (node.nodeType === 1) {
      const element = node as Element;
      lines.push(`${pad}<${element.tagName}> nodeName=${element.nodeName} ns=${element.namespaceURI} prefix=${element.prefix} `
        + `local=${element.localName} text=${JSON.stringify(element.textContent)}`);
      for (let i = 0; i < element.attributes.length; i++) {
        const a = element.attributes[i]!;
        const byName = element.getAttribute(a.name);
        const byNs = a.namespaceURI === XMLNS_NS ? a.value : element.getAttributeNS(a.namespaceURI, a.localName);
        lines.push(`${pad} @${a.name} ns=${a.namespaceURI} prefix=${a.prefix} local=${a.localName} nodeName=${a.nodeName} `
          + `value=${JSON.stringify(a.value)} nodeValue=${JSON.stringify(a.nodeValue)} byName=${byName === a.value} byNs=${byNs === a.value}`);
      }
      const children = [...childrenOf(node)];
      lines.push(`${pad} children=${children.length} childNodes=${node.childNodes.length}`);
      for (const child of children.reverse()) stack.push([child, depth + 1]);
    } else {
      const data = (node as CharacterData).data;
      lines.push(`${pad}${node.nodeType} ${node.nodeName} ${JSON.stringify(data)} nodeValue=${node.nodeValue === data} textContent=${node.textContent === data}`);
    }
  }
  return lines;
}

/** The first line where two dumps differ (null when equal): a readable failure for documents of 30 KB. */
export function firstDifference(ours: readonly string[], theirs: readonly string[]): { line: number; ours?: string; theirs?: string } | null {
  for (let line = 0; line < Math.max(ours.length, theirs.length); line++) {
    if (ours[line] !== theirs[line]) return { line, ours: ours[line]?.slice(0, 400), theirs: theirs[line]?.slice(0, 400) };
  }
  return null;
}

function isDocumentLevel(node: Node): boolean {
  return node.nodeType === 1 || node.nodeType === 8;
}

function* childrenOf(node: Node): Generator<Node> {
  for (let child = node.firstChild; child; child = child.nextSibling) yield child;
}

/** Problems in the links of our DOM: parent, siblings, childNodes, owner document and owner element. */
export function linkProblems(document: Document): string[] {
  const problems: string[] = [];
  const stack: Node[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = [...childrenOf(node)];
    if (node.lastChild !== (children.at(-1) ?? null)) problems.push(`${node.nodeName}: lastChild`);
    if (node.childNodes.length !== children.length || children.some((child, i) => node.childNodes[i] !== child || node.childNodes.item(i) !== child)) {
      problems.push(`${node.nodeName}: childNodes`);
    }
    children.forEach((child, i) => {
      if (child.parentNode !== node) problems.push(`${child.nodeName}: parentNode`);
      if (child.previousSibling !== (children[i - 1] ?? null)) problems.push(`${child.nodeName}: previousSibling`);
      if (child.ownerDocument !== document) problems.push(`${child.nodeName}: ownerDocument`);
      stack.push(child);
    });
    if (node.nodeType === 1) {
      const attributes = (node as Element).attributes;
      for (let i = 0; i < attributes.length; i++) if (attributes[i]!.ownerElement !== node) problems.push(`${attributes[i]!.name}: ownerElement`);
    }
  }
  if (document.documentElement?.parentNode !== document) problems.push('documentElement');
  return problems;
}
