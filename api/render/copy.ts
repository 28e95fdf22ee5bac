// A numbered copy (bản thể hiện) made from the stored signed XML and its verification report, never from
// editable data: the content is read again from the signed DuLieu, the signers from the report (SPEC §9).
import { HocbaError } from '../errors.ts';
import { parseRecord, readEnvelope } from '../record/index.ts';
import type { RecordStatus } from '../lifecycle/index.ts';
import type { Report } from '../verify/report.ts';
import { parseXml } from '../xml/index.ts';
import { renderRecordPdf } from './index.ts';

export interface CopyInput {
  /** The exact signed XML bytes stored by the registry. */
  readonly xml: Uint8Array;
  readonly report: Report;
  readonly status: RecordStatus;
  readonly recordUrl: string;
  readonly copy: { readonly number: number; readonly issuedAt: Date };
}

export async function renderRecordCopy(input: CopyInput): Promise<Uint8Array> {
  const { envelope, issues } = readEnvelope(parseXml(input.xml).document);
  if (!envelope) throw new HocbaError(issues[0]!.code, { params: issues[0]!.params });
  const { record, issues: contentIssues } = parseRecord(envelope.content);
  if (!record) throw new HocbaError(contentIssues[0]!.code, { path: contentIssues[0]!.path, params: contentIssues[0]!.params });
  return renderRecordPdf({
    record,
    status: input.status,
    recordUrl: input.recordUrl,
    copy: input.copy,
    signatures: input.report.signatures.map((signature) => ({
      role: signature.role,
      signerName: signature.signer?.commonName ?? null,
      organisation: signature.signer?.organisation ?? null,
      signingTime: signature.signingTime,
      serial: signature.signer?.serial ?? null,
      issuer: signature.signer?.issuer ?? null,
    })),
  });
}
