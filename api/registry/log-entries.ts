// The transparency log's entries (docs/log.md "Entries"): one small canonical text per public state change of the
// registry. What an entry says is a public fact for ever, so it carries no personal data: lookup codes, school
// codes, school years, dates, counts and SHA-256 digests only — never a name, an id number, a certificate subject
// or a free-text reason (a reason is logged as the digest of its text, so whoever is shown it can check it).
import { createHash } from 'node:crypto';

/** The first line's first word: the format of every entry, so a later format can never be misread as this one. */
const ENTRY_FORMAT = 'hocba-log/v1';

/** Every kind of entry and its fields, in the order they are written (one `name value` line each). */
export const ENTRY_FIELDS = {
  /** A record accepted: the exact signed XML's digest, so anyone holding the file can find its entry. */
  accepted: ['code', 'school', 'year', 'xml-sha256'],
  /** A record recalled (thu hồi) before its lock date; the reason's text is shown on its lookup. */
  recalled: ['code', 'reason-sha256'],
  /** A record superseded by a corrected one (whose own `accepted` entry comes with it). */
  replaced: ['code', 'by'],
  /** The Sở set a school year's lock dates (chốt dữ liệu): main and supplementary. */
  'lock-dates': ['year', 'main', 'supplementary'],
  /** A numbered PDF copy issued (SPEC §9). */
  copy: ['code', 'number'],
  /** A CA added to the trust list, as anchor or intermediate. */
  'trust-added': ['certificate-sha256', 'role'],
  /** A certificate revocation list loaded. */
  'crl-loaded': ['crl-sha256', 'this-update'],
  /** A school's certificate approved, or its approval withdrawn. */
  approved: ['school', 'certificate-sha256'],
  withdrawn: ['school', 'certificate-sha256'],
  /** A late window (đợt nộp muộn) opened for a school and year until a date, or closed. */
  'late-window-opened': ['window', 'school', 'year', 'until', 'reason-sha256'],
  'late-window-closed': ['window', 'school', 'year', 'reason-sha256'],
  /**
   * A student's records passed from school `from` to another on `date` (transfer: the journal's id). Neither the
   * student nor the receiving school is named: the entry is public, and the new school tells where a minor studies.
   */
  transferred: ['transfer', 'from', 'date', 'reason-sha256'],
  /**
   * The internal operator journal's hash-chain head (api/registry/audit.ts): the id of its last event and that
   * event's hash. The first seals the chain as it stood when the log began; later ones anchor its growth, so a
   * journal cut short shows against any checkpoint.
   */
  'journal-head': ['event', 'hash'],
} as const satisfies Record<string, readonly string[]>;

export interface LogEntryInput {
  /** The entry's canonical text (`entryText`), UTF-8, no personal data. */
  readonly body: string;
  /** What it is about (a lookup code, a school…), to find its proofs. */
  readonly subject: string | null;
  readonly at: Date;
}

export type EntryKind = keyof typeof ENTRY_FIELDS;
export type EntryFields<K extends EntryKind> = { readonly [F in (typeof ENTRY_FIELDS)[K][number]]: string | number };

export interface ParsedEntry {
  readonly kind: EntryKind;
  readonly fields: Readonly<Record<string, string>>;
}

// A field's value is one printable ASCII word: codes, dates, numbers and hex digests are; nothing else may enter.
const VALUE = /^[\x21-\x7e]{1,128}$/;

export function entryText<K extends EntryKind>(kind: K, fields: EntryFields<K>): string {
  const lines = [`${ENTRY_FORMAT} ${kind}`];
  for (const name of ENTRY_FIELDS[kind] as readonly string[]) {
    const value = String((fields as Record<string, string | number>)[name]);
    if (!VALUE.test(value)) throw new Error(`log entry ${kind}: ${name} must be one printable ASCII word (got ${JSON.stringify(value.slice(0, 40))})`);
    lines.push(`${name} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An entry to append in the state change's transaction; `subject` is what its proof is looked up by. */
export function logEntry<K extends EntryKind>(kind: K, fields: EntryFields<K>, at: Date, subject: string | null): LogEntryInput {
  return { body: entryText(kind, fields), subject, at };
}

/** Reads an entry back exactly (the text must be what `entryText` writes), or null when it is not one. */
export function parseEntry(text: string): ParsedEntry | null {
  if (!text.endsWith('\n')) return null;
  const [head, ...lines] = text.slice(0, -1).split('\n');
  const kind = head?.startsWith(`${ENTRY_FORMAT} `) ? head.slice(ENTRY_FORMAT.length + 1) : '';
  if (!Object.hasOwn(ENTRY_FIELDS, kind)) return null;
  const names = ENTRY_FIELDS[kind as EntryKind] as readonly string[];
  if (lines.length !== names.length) return null;
  const fields: Record<string, string> = {};
  for (const [i, line] of lines.entries()) {
    const space = line.indexOf(' ');
    const value = line.slice(space + 1);
    if (line.slice(0, space) !== names[i] || !VALUE.test(value)) return null;
    fields[names[i]!] = value;
  }
  return { kind: kind as EntryKind, fields };
}

/** SHA-256 (hex) of a free text as stored (NFC): the log's stand-in for a reason it must not publish. */
export function textDigest(text: string): string {
  return createHash('sha256').update(text.normalize('NFC'), 'utf8').digest('hex');
}
