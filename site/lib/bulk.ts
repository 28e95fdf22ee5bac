// /xac-minh-hang-loat's one call: the codes pasted and uploaded, verified by api/answers (one limit, one vocabulary).
import { parseCodeList, type BulkRow } from '../../api/index.ts';
import type { PortalLocals } from './locals.ts';

export type BulkOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'too-many'; readonly limit: number }
  /** Too many codes checked from this address in the last minute (every listed code counts). */
  | { readonly kind: 'limited'; readonly retryAfter: number }
  | { readonly kind: 'rows'; readonly rows: BulkRow[]; readonly typed: string };

/** Codes pasted into `field`, plus those of an uploaded CSV in `fileField`, in that order. */
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
    return { kind: 'too-many', limit: locals.answers.bulkLimit };
  }
  if (inputs.length === 0) return { kind: 'none' };
  const outcome = await locals.answers.verifyCodes(inputs, { actor: locals.actor });
  if (outcome.kind === 'too_many') return { kind: 'too-many', limit: outcome.limit };
  if (outcome.kind === 'limited') return { kind: 'limited', retryAfter: outcome.retryAfter };
  return { kind: 'rows', rows: outcome.rows, typed: inputs.join('\n') };
}
