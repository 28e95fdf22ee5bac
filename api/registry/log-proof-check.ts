// Offline: is THIS file's acceptance in the log that this key signs? (`hocba verify FILE --proof P --log-key K`,
// docs/log.md "Checking a record offline".) Needs nothing but the file, the .tlog-proof and the verifier key: the
// proof's `extra` line carries the entry, whose `xml-sha256` must be the file's own digest.
import { sha256Hex } from '../byte-digests.ts';
import { decodePackage, looksLikeXml } from '../codec/index.ts';
import { openCheckpoint, parseProof } from '../log/checkpoint.ts';
import { leafHash, verifyInclusion } from '../log/merkle.ts';
import { parseVerifierKey } from '../log/note.ts';
import { parseEntry } from './log-entries.ts';

export type ProofCheck =
  | {
    readonly ok: true; readonly index: number; readonly size: number; readonly origin: string;
    readonly lookupCode: string; readonly school: string; readonly schoolYear: string; readonly digest: string;
  }
  | { readonly ok: false; readonly reason: string };

/** The signed XML of a file that is the XML itself or a package of it (SPEC §7). */
function xmlOf(file: Uint8Array): Buffer {
  return looksLikeXml(file) ? Buffer.from(file) : decodePackage(Buffer.from(file).toString('latin1'));
}

export function checkAcceptanceProof(file: Uint8Array, proofText: string, verifierKey: string): ProofCheck {
  const fail = (reason: string): ProofCheck => ({ ok: false, reason });
  let verifier;
  try {
    verifier = parseVerifierKey(verifierKey);
  } catch (error) {
    return fail(`the log key: ${(error as Error).message}`);
  }
  let proof;
  let checkpoint;
  try {
    proof = parseProof(proofText);
    // The key's name is the log's origin: a checkpoint of another log, even signed by this key, proves nothing here.
    checkpoint = openCheckpoint(proof.checkpoint, verifier, verifier.name);
  } catch (error) {
    return fail(`the proof: ${(error as Error).message}`);
  }
  if (!proof.extra) return fail('the proof carries no entry (no "extra" line): it is not a hocba record proof');
  const entry = parseEntry(Buffer.from(proof.extra).toString('utf8'));
  if (!entry) return fail('the proof\'s entry is not a hocba log entry');
  if (entry.kind !== 'accepted') return fail(`the proof is of a "${entry.kind}" entry, not of a record's acceptance`);
  if (!verifyInclusion(leafHash(proof.extra), proof.index, checkpoint.size, proof.path, checkpoint.root)) {
    return fail(`entry ${proof.index} is not in the tree the checkpoint signs (size ${checkpoint.size}): the proof or its entry was changed`);
  }
  let xml: Buffer;
  try {
    xml = xmlOf(file);
  } catch (error) {
    return fail(`the file is neither a signed XML nor a package: ${(error as Error).message}`);
  }
  const digest = sha256Hex(xml);
  if (digest !== entry.fields['xml-sha256']) {
    return fail(`the file's SHA-256 ${digest} is not the logged ${entry.fields['xml-sha256']}: this is not the accepted record, byte for byte`);
  }
  return {
    ok: true, index: proof.index, size: checkpoint.size, origin: checkpoint.origin,
    lookupCode: entry.fields.code!, school: entry.fields.school!, schoolYear: entry.fields.year!, digest,
  };
}
