// Plain-text surgery on signed records, the way an attacker edits them: no parser, no re-signing.

export function contentIdOf(xml: string): string {
  return /<DuLieu Id="([^"]+)"/.exec(xml)![1]!;
}

/** The whole signed `<DuLieu …>…</DuLieu>` element as written. */
export function contentOf(xml: string): string {
  return /<DuLieu [\s\S]*?<\/DuLieu>/.exec(xml)![0];
}

/** The n-th (1-based) `<CKS>…</CKS>` slot as written. */
export function slotOf(xml: string, n = 1): string {
  return [...xml.matchAll(/<CKS>[\s\S]*?<\/CKS>/g)][n - 1]![0];
}

export function studentNameOf(xml: string): string {
  return /<HoTen>([^<]+)<\/HoTen>/.exec(xml)![1]!;
}

/** Replaces the first occurrence only, and insists that there was one (a recipe must not silently do nothing). */
export function replaceOnce(xml: string, find: string | RegExp, by: string): string {
  const at = typeof find === 'string' ? xml.indexOf(find) : xml.search(find);
  if (at < 0) throw new Error(`recipe: ${String(find)} not found`);
  return xml.replace(find, by);
}

/** The same record with the student's name forged inside DuLieu (the content the attacker wants shown). */
export function forgeName(element: string, name = 'Kẻ Mạo Danh'): string {
  return replaceOnce(element, /<HoTen>[^<]+</, `<HoTen>${name}<`);
}

/** Content of the first `<ds:DigestValue>` (the DuLieu reference) and where it sits. */
export function firstDigestValue(xml: string): { value: string; start: number; end: number } {
  const match = /<ds:DigestValue>([^<]+)<\/ds:DigestValue>/.exec(xml)!;
  const start = match.index + '<ds:DigestValue>'.length;
  return { value: match[1]!, start, end: start + match[1]!.length };
}
