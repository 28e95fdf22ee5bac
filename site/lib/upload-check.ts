// /kiem-tra's one call: the uploaded file, checked by api/answers (one overall verdict, the registered record second).
import { UPLOAD_LIMIT_BYTES, type UploadAnswer } from '../../api/index.ts';
import type { PortalLocals } from './locals.ts';

export { UPLOAD_LIMIT_BYTES };

export type UploadOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'answer'; readonly name: string; readonly answer: UploadAnswer };

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
  if (!file || file.size === 0) return { kind: 'none' };
  if (file.size > UPLOAD_LIMIT_BYTES) return { kind: 'too-large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { kind: 'answer', name: file.name.slice(0, 120) || 'upload', answer: await locals.answers.checkUpload(bytes, { actor: locals.actor }, labels) };
}
