// Copy issuance (SPEC §5 GET /records/{code}/pdf, §9): the next copy number, journaled, then rendered from the same
// content the portal shows, with the QR and printed link on the configured public origin — never the Host header.
import { HocbaError } from '../errors.ts';
import type { Registry, RecordView } from '../registry/types.ts';
import { renderRecordPdf } from '../render/index.ts';
import { recordContentOf } from './content.ts';
import { publicSignaturesOf } from './disclosure.ts';
import { statusOfRecord, type PublicStatus } from './status.ts';
import { recordUrl, requireOrigin, type OriginSource } from './urls.ts';

export interface IssuedCopy {
  readonly lookupCode: string;
  readonly number: number;
  readonly issuedAt: Date;
  readonly status: PublicStatus;
  readonly bytes: Uint8Array;
}

export interface CopyDeps {
  readonly registry: Pick<Registry, 'getRecord' | 'loadRecordXml' | 'recordCopy'>;
  readonly origin: OriginSource;
}

/** Null for an unknown code. `requester`: a keyed hash of who asked (never an address), kept in the copy log. */
export async function issueCopy(deps: CopyDeps, code: string, requester: string | null, now: Date): Promise<IssuedCopy | null> {
  // Refuse before anything is numbered or journaled: a copy whose QR points nowhere trustworthy is never issued.
  const origin = requireOrigin(deps.origin);
  const view = await deps.registry.getRecord(code, { now });
  if (!view) return null;
  const record = await recordContentOf(view, (c) => deps.registry.loadRecordXml(c));
  if (!record) throw new HocbaError('record_facts_unreadable');
  const number = await deps.registry.recordCopy(view.lookupCode, requester, now);
  const bytes = await renderRecordPdf({
    record,
    status: view.status,
    recordUrl: recordUrl(view.lookupCode, origin),
    copy: { number, issuedAt: now },
    signatures: toSignatureInfo(view),
  });
  return { lookupCode: view.lookupCode, number, issuedAt: now, status: statusOfRecord(view), bytes };
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
