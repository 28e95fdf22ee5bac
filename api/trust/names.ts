// Distinguished names as text and as keys: RFC 4514-style strings with Vietnamese intact, and a matching key.
import { EXTRA_NAMES, x509 } from './x509.ts';

/** `0.9.2342.19200300.100.1.1=` → `UID=` at an attribute boundary (not after an escaping backslash). */
const LABELS = Object.entries(EXTRA_NAMES).map(([label, oid]) => ({
  pattern: new RegExp(`(^|(?<!\\\\), |(?<!\\\\)\\+)${oid.replaceAll('.', '\\.')}=`, 'g'),
  replacement: `$1${label}=`,
}));

/**
 * `C=VN, ST=Hà Nội, O=…, UID=MST:…, CN=…` in the certificate's own order (as Vietnamese CAs and openssl show it).
 * Labels the library does not know are put in by text: re-parsing the name with extra names costs milliseconds.
 */
export function toNameString(name: x509.Name): string {
  let text = name.toString();
  for (const { pattern, replacement } of LABELS) text = text.replace(pattern, replacement);
  return text;
}

/** The first value of an attribute (`CN`, `O`, `UID`), or null. */
export function toNameField(name: x509.Name, type: keyof typeof EXTRA_NAMES | 'CN' | 'O'): string | null {
  const id = type in EXTRA_NAMES ? EXTRA_NAMES[type as keyof typeof EXTRA_NAMES] : type;
  return name.getField(id)[0] ?? null;
}

/**
 * A key for matching an issuer name to a subject name: RFC 5280 §7.1 compares names after
 * case folding and whitespace compression, so a PrintableString and a UTF8String of the same text match.
 */
export function toNameKey(name: x509.Name | string): string {
  return (typeof name === 'string' ? name : toNameString(name)).normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
