// The one domain call of /kiem-tra: an uploaded XML, package or PDF checked by the engine and against the registry.
import { isPdf, readPdfCopy, type RecordView, type Report } from '../../api/index.ts';
import { diffRecords, type Difference } from './differences.ts';
import type { PortalLocals } from './locals.ts';
import { toBanner, type Banner } from './status.ts';

export const UPLOAD_LIMIT_BYTES = 8 * 1024 * 1024;

export type UploadOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'too-large' }
  | {
    readonly kind: 'document'; readonly name: string; readonly report: Report;
    readonly match: 'identical' | 'different' | 'not_registered';
    readonly view: RecordView | null; readonly banner: Banner | null; readonly differences: Difference[];
  }
  | {
    readonly kind: 'pdf'; readonly name: string; readonly code: string | null; readonly copyNumber: number | null;
    /** The registry's log of that copy number: when it was issued, or null when it never was. */
    readonly copy: { readonly issuedAt: string } | null;
    readonly view: RecordView | null; readonly banner: Banner | null;
  };

export async function checkUpload(locals: PortalLocals, file: File | null, labels: Record<string, string>): Promise<UploadOutcome> {
  if (!file || file.size === 0) return { kind: 'none' };
  if (file.size > UPLOAD_LIMIT_BYTES) return { kind: 'too-large' };
  const name = file.name.slice(0, 120) || 'upload';
  const bytes = new Uint8Array(await file.arrayBuffer());
  const now = locals.clock();
  if (isPdf(bytes)) {
    const facts = await readPdfCopy(bytes);
    const view = facts.code ? await locals.registry.getRecord(facts.code, { now, actor: locals.actor }) : null;
    const copy = view && facts.copyNumber !== null ? await locals.registry.findCopy(view.lookupCode, facts.copyNumber) : null;
    return { kind: 'pdf', name, ...facts, copy: copy ? { issuedAt: copy.issuedAt } : null, view, banner: view ? toBanner(view) : null };
  }
  const report = await locals.verifyUpload(bytes, now);
  let view = report.lookupCode ? await locals.registry.getRecord(report.lookupCode, { now, actor: locals.actor }) : null;
  if (!view) {
    // Content that could not be read may still be a registered document: its digest finds it.
    const [code] = await locals.registry.findByDigest(report.digest);
    if (code) view = await locals.registry.getRecord(code, { now, actor: locals.actor });
  }
  const match = !view ? 'not_registered' : view.digest === report.digest ? 'identical' : 'different';
  const differences = match === 'different' && view ? diffRecords(report.record, view.content, labels) : [];
  return { kind: 'document', name, report: maskReport(report), match, view, banner: view ? toBanner(view) : null, differences };
}

/** The uploaded content is not shown, and its personal id never leaves this function whole. */
function maskReport(report: Report): Report {
  return { ...report, record: null };
}

/** The page's POST: the multipart form's file field, checked; a body over the limit is "too large", never a crash. */
export async function checkUploadRequest(locals: PortalLocals, request: Request, field: string, labels: Record<string, string>): Promise<UploadOutcome | null> {
  if (request.method !== 'POST') return null;
  let file: File | null = null;
  try {
    const value = (await request.formData()).get(field);
    file = value instanceof File ? value : null;
  } catch {
    return { kind: 'too-large' };
  }
  return checkUpload(locals, file, labels);
}
