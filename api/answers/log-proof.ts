// "Is this record in the public log?" (SPEC §5 GET /records/{code}/proof, docs/log.md): the record's entries with
// their inclusion proofs, the checkpoint they are against, and the key that signs it — one answer for the API, the
// record page and the self-check bundle.
import type { RecordView, Registry } from '../registry/types.ts';
import type { LogEntryProof } from '../registry/transparency-log.ts';

export interface RecordLogAnswer {
  readonly lookupCode: string;
  /** The log's origin and verifier key (null when this server signs no log: then nothing can be proven here). */
  readonly origin: string | null;
  readonly verifierKey: string | null;
  readonly checkpoint: { readonly size: number; readonly at: string; readonly note: string } | null;
  /** Oldest first: the acceptance, then recall, replacement, copies… */
  readonly entries: readonly LogEntryProof[];
  /** Entries about the record not yet in a checkpoint (seconds, while the sequencer runs). */
  readonly pending: number;
  /** The acceptance entry, when integrated: what "this record is in the public log" rests on. */
  readonly accepted: LogEntryProof | null;
}

/** `record`: a lookup code, or the view a door has already read (the record page), which is then not read again. */
export async function recordLogAnswer(registry: Pick<Registry, 'getRecord' | 'log'>, record: string | RecordView): Promise<RecordLogAnswer | null> {
  const view = typeof record === 'string' ? await registry.getRecord(record) : record;
  if (!view) return null;
  const proofs = await registry.log.proofs(view.lookupCode);
  return {
    lookupCode: view.lookupCode,
    origin: registry.log.origin,
    verifierKey: registry.log.verifierKey,
    checkpoint: proofs.checkpoint,
    entries: proofs.entries,
    pending: proofs.pending,
    accepted: proofs.entries.find((entry) => entry.kind === 'accepted') ?? null,
  };
}

/** The acceptance proof's file name, as GET /records/{code}/proof?format=tlog-proof names it and a copy attaches it. */
export function logProofFileName(lookupCode: string): string {
  return `hoc-ba-${lookupCode}.tlog-proof`;
}
