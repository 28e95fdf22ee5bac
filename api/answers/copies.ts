// Copy issuance (SPEC §5 GET /records/{code}/pdf, §9): the next copy number, journaled, then rendered from the same
// content the portal shows, with the QR and printed link on the configured public origin — never the Host header.
import { HocbaError } from '../errors.ts';
import type { Registry, RecordView } from '../registry/types.ts';
import { bodyKey, checkCopy, renderRecordBody, stampCopy, type BodyCache, type Sealer, type StampTimings } from '../render/index.ts';
import { recordContentOf } from './content.ts';
import { logProofFileName, recordLogAnswer } from './log-proof.ts';
import { publicSignaturesOf } from './disclosure.ts';
import { statusOfRecord, type PublicStatus } from './status.ts';
import { recordUrl, requireOrigin, type OriginSource } from './urls.ts';

export interface IssuedCopy {
  readonly lookupCode: string;
  readonly number: number;
  readonly issuedAt: Date;
  readonly status: PublicStatus;
  readonly bytes: Uint8Array;
  /** Whether the copy carries the registry's seal (PAdES); an unsealed copy says so on every page. */
  readonly sealed: boolean;
  /** The index of the acceptance entry whose proof is attached (`hoc-ba-<code>.tlog-proof`); null: none attached. */
  readonly logProofIndex: number | null;
}

export interface CopyDeps {
  readonly registry: Pick<Registry, 'getRecord' | 'loadRecordXml' | 'recordCopy' | 'log'>;
  readonly origin: OriginSource;
  /** The registry's seal; null: copies are issued unsealed and say so. */
  readonly seal: Sealer | null;
  /** Bodies painted per record: a copy then costs its stamp and seal (api/render/body-cache.ts). */
  readonly bodies: BodyCache;
  /** Filled with the stamp and seal time when given (bench:pdf). */
  readonly timings?: StampTimings;
}

/** Null for an unknown code. `requester`: a keyed hash of who asked (never an address), kept in the copy log. */
export async function issueCopy(deps: CopyDeps, code: string, requester: string | null, now: Date): Promise<IssuedCopy | null> {
  // Refuse before anything is numbered or journaled: a copy whose QR points nowhere trustworthy is never issued.
  const origin = requireOrigin(deps.origin);
  const view = await deps.registry.getRecord(code, { now });
  if (!view) return null;
  const url = recordUrl(view.lookupCode, origin);
  // The XML is read and the body painted only when no body of this record in this state is kept.
  const body = await deps.bodies.get(bodyKey({ lookupCode: view.lookupCode, status: view.status, replacedBy: view.replacedBy, recordUrl: url }), async () => {
    const record = await recordContentOf(view, (c) => deps.registry.loadRecordXml(c));
    if (!record) throw new HocbaError('record_facts_unreadable');
    return renderRecordBody({ record, status: view.status, recordUrl: url, replacedBy: view.replacedBy, signatures: toSignatureInfo(view) });
  });
  // The acceptance entry's inclusion proof, when this registry signs a log and has integrated the entry: the copy
  // then carries what shows, without the portal, that the record was published in the log (docs/pdf.md).
  const accepted = deps.registry.log.verifierKey ? (await recordLogAnswer(deps.registry, view))?.accepted ?? null : null;
  const number = await deps.registry.recordCopy(view.lookupCode, requester, now);
  const attachment = accepted ? logProofAttachment(view.lookupCode, accepted.proof) : null;
  const copy = { number, issuedAt: now, attachment };
  checkCopy(copy);
  const bytes = await stampCopy(body, copy, deps.seal, deps.timings);
  return {
    lookupCode: view.lookupCode, number, issuedAt: now, status: statusOfRecord(view), bytes, sealed: deps.seal !== null,
    logProofIndex: accepted?.index ?? null,
  };
}

/** The same file as GET /records/{code}/proof?format=tlog-proof (its name too). */
function logProofAttachment(lookupCode: string, proof: string) {
  return {
    name: logProofFileName(lookupCode),
    description: 'Bằng chứng học bạ có trong nhật ký minh bạch (c2sp.org/tlog-proof@v1) / Proof that the record is in the transparency log',
    mime: 'text/plain',
    bytes: new TextEncoder().encode(proof),
  };
}

function toSignatureInfo(view: RecordView) {
  return publicSignaturesOf(view.report).map((signature) => ({
    role: signature.role,
    signerName: signature.signer?.commonName ?? null,
    organisation: signature.signer?.organisation ?? null,
    signingTime: signature.signingTime,
    serial: signature.signer?.serial ?? null,
    issuer: signature.signer?.issuer ?? null,
  }));
}
