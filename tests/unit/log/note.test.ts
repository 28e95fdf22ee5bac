// C2SP signed-note (Ed25519) against the reference vector of Go's golang.org/x/mod/sumdb/note, and checkpoints and
// tlog-proof text round trips.
import { describe, expect, it } from 'vitest';
import { formatProof, openCheckpoint, parseProof, signCheckpoint } from '../../../api/log/checkpoint.ts';
import { generateNoteKey, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../../api/log/note.ts';

// From golang.org/x/mod/sumdb/note's own tests.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes', () => {
  it('reproduces the Go reference note byte for byte from its signer key, and opens it with its verifier key', () => {
    const signer = parseSignerKey(SKEY);
    expect(signer.verifierKey).toBe(VKEY);
    expect(signNote(TEXT, signer)).toBe(NOTE);
    expect(openNote(NOTE, parseVerifierKey(VKEY))).toBe(TEXT);
  });

  it('refuses an altered text, a signature by another key, and mangled keys', () => {
    const verifier = parseVerifierKey(VKEY);
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), verifier)).toThrow(/does not verify/);
    const other = generateNoteKey('PeterNeumann').signer;
    expect(() => openNote(signNote(TEXT, other), verifier)).toThrow(/no signature by PeterNeumann/);
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/id does not match/);
    expect(() => parseVerifierKey(VKEY.slice(0, -2))).toThrow();
    expect(() => parseVerifierKey(`Peter Neumann+c74f20a3+${VKEY.split('+').slice(2).join('+')}`)).toThrow(/no spaces/);
    expect(() => openNote(NOTE.replace('\n\n', '\n\x01\n'), verifier)).toThrow(/control/);
  });

  it('makes new keys whose signer and verifier encodings round-trip', () => {
    const { signer, signerKey } = generateNoteKey('hocba.example/log');
    expect(parseSignerKey(signerKey).verifierKey).toBe(signer.verifierKey);
    expect(openNote(signNote('x\n', signer), parseVerifierKey(signer.verifierKey))).toBe('x\n');
  });
});

describe('checkpoints and tlog-proof', () => {
  const { signer } = generateNoteKey('hocba.example/log');
  const verifier = parseVerifierKey(signer.verifierKey);
  const root = Buffer.alloc(32, 9);

  it('signs a checkpoint and reads it back, bound to its origin', () => {
    const note = signCheckpoint({ origin: 'hocba.example/log', size: 70_000, root }, signer);
    expect(note.split('\n').slice(0, 4)).toEqual(['hocba.example/log', '70000', root.toString('base64'), '']);
    expect(openCheckpoint(note, verifier, 'hocba.example/log')).toMatchObject({ origin: 'hocba.example/log', size: 70_000 });
    expect(() => openCheckpoint(note, verifier, 'evil.example/log')).toThrow(/not evil.example/);
  });

  it('formats a proof as c2sp.org/tlog-proof@v1 and parses it back', () => {
    const checkpoint = signCheckpoint({ origin: 'hocba.example/log', size: 5, root }, signer);
    const text = formatProof({ index: 3, path: [Buffer.alloc(32, 1), Buffer.alloc(32, 2)], checkpoint });
    expect(text.split('\n').slice(0, 5)).toEqual(['c2sp.org/tlog-proof@v1', 'index 3', Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(32, 2).toString('base64'), '']);
    const parsed = parseProof(text);
    expect(parsed.index).toBe(3);
    expect(parsed.checkpoint).toBe(checkpoint);
    expect(() => parseProof(text.replace('index 3', 'index 03'))).toThrow(/index/);
  });
});
