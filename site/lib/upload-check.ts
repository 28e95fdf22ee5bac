// /kiem-tra's one call: the uploaded file, checked by api/answers (one overall verdict, the registered record second).
import { isHocbaError, UPLOAD_LIMIT_BYTES, type Issue, type UploadAnswer } from '../../api/index.ts';
import type { PortalLocals } from './locals.ts';

export { UPLOAD_LIMIT_BYTES };

/** The refusals of the public lane (issue 11): the file was not checked, and the uploader should try again later. */
const BUSY: ReadonlyMap<Issue['code'], { status: 429 | 503; retryAfter: number }> = new Map([
  ['uploads_in_flight', { status: 429, retryAfter: 5 }],
  ['verification_busy', { status: 503, retryAfter: 5 }],
] as const);

export type UploadOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'too-large' }
  /** Not checked: this client has too many files in flight, or the public queue is full. */
  | { readonly kind: 'busy'; readonly issue: Issue; readonly status: 429 | 503; readonly retryAfter: number }
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
  try {
    return { kind: 'answer', name: file.name.slice(0, 120) || 'upload', answer: await locals.answers.checkUpload(bytes, { actor: locals.actor }, labels) };
  } catch (error) {
    // The pool's refusals are an answer for the uploader (what happened, try later), not a server error page.
    if (!isHocbaError(error) || !BUSY.has(error.code)) throw error;
    const busy = BUSY.get(error.code)!;
    const found = error.toIssue();
    const retryAfter = Number(found.params?.retryAfter ?? busy.retryAfter);
    return { kind: 'busy', issue: found, status: busy.status, retryAfter: Number.isSafeInteger(retryAfter) ? retryAfter : busy.retryAfter };
  }
}
