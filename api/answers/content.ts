// The record's content from ONE source for the portal page and the PDF copy alike: the parse stored at ingest
// (personal id masked at rest), as long as the engine that made it is the engine of this build; a parse made by
// another engine version is read again from the signed XML, so a field added to the model shows on both doors.
import { parseRecord, readEnvelope, type HocBaRecord } from '../record/index.ts';
import { maskPersonalIdsIn, maskRecordPersonalIds } from '../record/personal-ids.ts';
import type { RecordView } from '../registry/types.ts';
import { ENGINE_VERSION } from '../verify/engine.ts';
import { parseXml } from '../xml/index.ts';

export type LoadXml = (code: string) => Promise<Uint8Array | null>;

export async function recordContentOf(view: Pick<RecordView, 'lookupCode' | 'report'>, loadXml: LoadXml): Promise<HocBaRecord | null> {
  const stored = view.report.record;
  if (stored && view.report.engine === ENGINE_VERSION) return maskPersonalIdsIn(stored);
  const xml = await loadXml(view.lookupCode);
  return xml ? maskPersonalIdsIn(readSignedContent(xml)) : null;
}

/** The content of the signed DuLieu, its personal id masked as the registry stores it (SPEC §9). */
function readSignedContent(xml: Uint8Array): HocBaRecord | null {
  const { envelope } = readEnvelope(parseXml(xml).document);
  if (!envelope) return null;
  const { record } = parseRecord(envelope.content);
  return record ? maskRecordPersonalIds(record, record.personalId) : null;
}
