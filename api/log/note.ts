// C2SP signed-note with Ed25519 (signature type 0x01), and the key encodings of Go's golang.org/x/mod/sumdb/note:
// verifier key `<name>+<key id hex>+<base64(0x01 ‖ public key)>`, signer key `PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>`.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const SIGNATURE_LINE = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/;
/** signed-note: verifiers MUST accept at least 16 signatures; a note larger than this is refused unread. */
const MAX_NOTE_BYTES = 64 * 1024;

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly privateKey: KeyObject;
  /** `<name>+<id>+<base64>`, what /log/key serves and `hocba verify --log-key` takes. */
  readonly verifierKey: string;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: KeyObject;
}

function checkName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) throw new Error(`a note key name is non-empty, with no spaces and no '+': ${JSON.stringify(name)}`);
}

/** key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian (signed-note "Ed25519 signatures"). */
function keyIdOf(name: string, publicKey: Uint8Array): number {
  return createHash('sha256').update(name).update(Uint8Array.of(0x0a, ED25519)).update(publicKey).digest().readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');
const rawPublic = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');

function privateFromSeed(seed: Uint8Array): KeyObject {
  // PKCS#8 for Ed25519 is a fixed 16-byte prefix and the 32-byte seed (RFC 8410).
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
}

function signerOf(name: string, privateKey: KeyObject): NoteSigner {
  const publicKey = rawPublic(createPublicKey(privateKey));
  const keyId = keyIdOf(name, publicKey);
  return { name, keyId, privateKey, verifierKey: `${name}+${hex8(keyId)}+${Buffer.concat([Uint8Array.of(ED25519), publicKey]).toString('base64')}` };
}

/** A new Ed25519 key for `name`; returns the signer and its `PRIVATE+KEY+…` encoding (keep it secret). */
export function generateNoteKey(name: string): { signer: NoteSigner; signerKey: string } {
  checkName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const signer = signerOf(name, privateKey);
  return { signer, signerKey: `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${Buffer.concat([Uint8Array.of(ED25519), seed]).toString('base64')}` };
}

/** Splits on the first `count − 1` '+': the base64 key at the end may itself contain '+'. */
function splitKey(text: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = text.trim();
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/** Reads a `PRIVATE+KEY+<name>+<id>+<base64>` signer key, checking that its id matches its key. */
export function parseSignerKey(text: string): NoteSigner {
  const parts = splitKey(text, 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new Error('not a note signer key (PRIVATE+KEY+<name>+<id>+<key>)');
  const [, , name, id, encoded] = parts as [string, string, string, string, string];
  checkName(name);
  const raw = Buffer.from(encoded, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error('the signer key is not an Ed25519 (type 0x01) key');
  const signer = signerOf(name, privateFromSeed(raw.subarray(1)));
  if (hex8(signer.keyId) !== id.toLowerCase()) throw new Error('the signer key id does not match its key');
  return signer;
}

/** Reads a `<name>+<id>+<base64(0x01 ‖ key)>` verifier key, checking that its id matches its key. */
export function parseVerifierKey(text: string): NoteVerifier {
  const parts = splitKey(text, 3);
  if (!parts) throw new Error('not a note verifier key (<name>+<id>+<key>)');
  const [name, id, encoded] = parts as [string, string, string];
  checkName(name);
  const raw = Buffer.from(encoded, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519 || raw.toString('base64') !== encoded) throw new Error('the verifier key is not an Ed25519 (type 0x01) key');
  const keyId = keyIdOf(name, raw.subarray(1));
  if (!/^[0-9a-f]{8}$/.test(id) || hex8(keyId) !== id) throw new Error('the verifier key id does not match its key');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url') }, format: 'jwk' });
  return { name, keyId, publicKey };
}

/** The note: `text` (ending in a newline), a blank line, one signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new Error('a note text ends with a newline');
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${text}\n— ${signer.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/**
 * Opens a signed note with the given verifier: the text, if a signature by that key verifies (signatures by other
 * keys are ignored, as signed-note says). Throws with the reason otherwise.
 */
export function openNote(note: string, verifier: NoteVerifier): string {
  if (Buffer.byteLength(note) > MAX_NOTE_BYTES) throw new Error('the note is too large');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x09\x0b-\x1f]/.test(note)) throw new Error('the note contains control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('the note has no signature block');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  let verified = false;
  for (const line of lines) {
    const match = SIGNATURE_LINE.exec(line);
    if (!match) throw new Error(`not a signature line: ${JSON.stringify(line.slice(0, 80))}`);
    const raw = Buffer.from(match[2]!, 'base64');
    if (match[1] !== verifier.name || raw.length < 4 || raw.readUInt32BE(0) !== verifier.keyId) continue;
    if (!verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, raw.subarray(4))) throw new Error('the log\'s signature does not verify');
    verified = true;
  }
  if (!verified) throw new Error(`the note carries no signature by ${verifier.name}`);
  return text;
}
