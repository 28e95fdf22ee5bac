// Namespace names as canonical XML needs them: absolute URIs (RFC 3986 §4.3). C14N 1.0 §2 says the operation MUST
// fail on a relative namespace URI (libxml2 does, so xmlsec1 would), and libxml2 refuses a value that is no URI at all.

const SCHEME = '[A-Za-z][A-Za-z0-9+.-]*';
// unreserved / pct-encoded / sub-delims / ":" / "@" / "/" / "?" (RFC 3986 §2, §3.3-3.5); "#" once, for the fragment.
const CHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})";
// Square brackets only around an IP literal host, right after "//" and an optional user-info (§3.2.2).
const IP_LITERAL = "(?://(?:(?:[A-Za-z0-9\\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?\\[[A-Za-z0-9\\-._~!$&'()*+,;=:]*\\])?";
const ABSOLUTE_URI = new RegExp(`^${SCHEME}:${IP_LITERAL}${CHAR}*(?:#${CHAR}*)?$`);

/** True when `value` is an absolute URI: a scheme, then only characters a URI may hold. */
export function isAbsoluteUri(value: string): boolean {
  return ABSOLUTE_URI.test(value);
}
