// Bulk verification for admissions offices: a list of codes in (pasted or CSV), one row per code out, and the CSV.
import { normalizeLookupCode, parseCodeList, toCsv, type HocBaRecord, type RecordView } from '../../api/index.ts';
import type { PortalLocals } from './locals.ts';
import { toBulkState, type BulkState } from './status.ts';

export const BULK_LIMIT = 1000;
// A few lookups at a time: enough to hide latency, not enough to starve other visitors.
const CONCURRENCY = 8;

export interface BulkRow {
  readonly input: string;
  readonly code: string | null;
  readonly state: BulkState;
  readonly schoolCode: string | null;
  readonly schoolName: string | null;
  readonly schoolYear: string | null;
  readonly className: string | null;
  readonly studentName: string | null;
  readonly effectiveFrom: string | null;
  readonly replacedBy: string | null;
}

export async function verifyCodes(locals: PortalLocals, inputs: readonly string[]): Promise<BulkRow[]> {
  const now = locals.clock();
  const rows = new Array<BulkRow>(inputs.length);
  // A code listed twice is looked up (and journaled) once.
  const views = new Map<string, Promise<RecordView | null>>();
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const at = next++;
      const input = inputs[at]!.slice(0, 80);
      const code = normalizeLookupCode(input);
      if (code && !views.has(code)) views.set(code, locals.registry.getRecord(code, { now }));
      const view = code ? await views.get(code)! : null;
      const record = (view?.content ?? null) as HocBaRecord | null;
      rows[at] = {
        input, code,
        state: code === null ? 'malformed' : view ? toBulkState(view) : 'not_found',
        schoolCode: view?.schoolCode ?? null, schoolName: view?.schoolName ?? null, schoolYear: view?.schoolYear ?? null,
        className: record?.className ?? (view ? String(view.grade) : null), studentName: view?.studentName ?? null,
        effectiveFrom: view?.effectiveFrom ?? null, replacedBy: view?.replacedBy ?? null,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, inputs.length) }, worker));
  // Every record found is a lookup; the batch is journaled in one transaction.
  const found = [...new Set(rows.flatMap((row) => (row.code !== null && row.state !== 'not_found' ? [row.code] : [])))];
  await locals.registry.journalLookups(found, { now, actor: locals.actor });
  return rows;
}

/** The table as CSV (api/csv.ts: UTF-8 with BOM, CRLF, formulas defused): header, then one line per row in input order. */
export function toBulkCsv(rows: readonly BulkRow[], header: readonly string[], stateLabels: Record<string, string>): string {
  return toCsv(header, rows.map((row) => [
    row.code ?? '', stateLabels[row.state] ?? row.state, row.state, row.schoolCode, row.schoolName, row.schoolYear, row.className,
    row.studentName, row.effectiveFrom, row.replacedBy, row.input,
  ]));
}

export type BulkOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'too-many' }
  | { readonly kind: 'rows'; readonly rows: BulkRow[]; readonly typed: string };

/** The page's POST: codes pasted into `field`, plus those of an uploaded CSV in `fileField`, in that order. */
export async function verifyBulkRequest(locals: PortalLocals, request: Request, field: string, fileField: string): Promise<BulkOutcome | null> {
  if (request.method !== 'POST') return null;
  let inputs: string[];
  try {
    const form = await request.formData();
    const pasted = String(form.get(field) ?? '');
    const file = form.get(fileField);
    const uploaded = file instanceof File && file.size > 0 ? await file.text() : '';
    inputs = [...parseCodeList(pasted), ...parseCodeList(uploaded)];
  } catch {
    return { kind: 'too-many' };
  }
  if (inputs.length === 0) return { kind: 'none' };
  if (inputs.length > BULK_LIMIT) return { kind: 'too-many' };
  return { kind: 'rows', rows: await verifyCodes(locals, inputs), typed: inputs.join('\n') };
}
