// Reads the lookup code and copy number out of a PDF the registry issued (its keywords and subject, which
// api/render writes; else the record URL or the grouped code in its uncompressed bytes). A PDF is never trusted:
// the code only says which registered record to show. Reading is bounded (issue 11): caps on bytes, objects and
// inflated bytes (pdf-facts.ts), on a worker thread with a deadline and a heap cap, one log line per refused PDF.
import { issue, type Issue } from '../errors.ts';
import { createBudgetPool, type BudgetPool, type PoolStats } from '../verify/budget-pool.ts';
import { DEFAULT_PDF_CAPS, type PdfCaps, type PdfCopyReading, type PdfWork } from './pdf-facts.ts';
import type { SealFinding } from './seal/check.ts';

export { DEFAULT_PDF_CAPS, type PdfCaps, type PdfWork } from './pdf-facts.ts';
export type { SealFinding } from './seal/check.ts';

export interface PdfCopyFacts {
  readonly code: string | null;
  readonly copyNumber: number | null;
  /** Why the PDF was not read (`pdf_too_costly`, `input_too_costly`): then code and copy number are null. */
  readonly refused: Issue | null;
  /** Objects indexed and bytes inflated (never more than the caps). */
  readonly work: PdfWork;
  /** The seal found in the file and whether it holds (not yet whose it is). */
  readonly seal: SealFinding;
}

/** The one line written for a refused PDF: counts only, never its content. */
export interface PdfRefusal {
  readonly code: Issue['code'];
  readonly bytes: number;
  readonly work: PdfWork;
}

export interface PdfReaderOptions {
  readonly caps: PdfCaps;
  /** Worker threads (default 1: a copy check is rare next to pushes). */
  readonly size: number;
  readonly deadlineMs: number;
  readonly memoryMb: number;
  /** PDFs one client may have in flight; beyond: `uploads_in_flight`. */
  readonly maxPerClient: number;
  readonly maxQueue: number;
  /** Where the one line per refused PDF goes (default: a JSON line on stderr). */
  readonly log: (refusal: PdfRefusal) => void;
}

export interface PdfReader {
  /**
   * Rejects only with a HocbaError when the client has too many PDFs in flight or the queue is full. `handOver`: the
   * caller is done with `bytes`, which are moved to the worker rather than copied (then detached here; a view on
   * part of a larger buffer is still copied).
   */
  read(bytes: Uint8Array, options?: { client?: string; handOver?: boolean }): Promise<PdfCopyFacts>;
  stats(): PoolStats;
  close(): Promise<void>;
}

export const DEFAULT_PDF_READER: Omit<PdfReaderOptions, 'log'> = {
  caps: DEFAULT_PDF_CAPS, size: 1, deadlineMs: 2_000, memoryMb: 64, maxPerClient: 2, maxQueue: 32,
};

export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-');
}

export function createPdfReader(options: Partial<PdfReaderOptions> = {}): PdfReader {
  const settings = { ...DEFAULT_PDF_READER, log: logToStderr, ...options };
  const pool: BudgetPool<PdfCopyReading> = createBudgetPool({
    script: new URL('./read-copy-worker.ts', import.meta.url),
    size: settings.size,
    publicWorkers: settings.size,
    deadlineMs: settings.deadlineMs,
    memoryMb: settings.memoryMb,
    maxPerClient: settings.maxPerClient,
    maxPublicQueue: settings.maxQueue,
    // Whatever a dependency might print about a broken object stays in the worker.
    quiet: true,
  });
  return {
    async read(bytes, { client, handOver = false } = {}) {
      const size = bytes.length;
      const transfer = handOver && ownsItsBuffer(bytes) ? [bytes.buffer] : [];
      const outcome = await pool.run(() => ({ bytes, caps: settings.caps }), { lane: 'public', transfer, ...(client === undefined ? {} : { client }) });
      const facts = toFacts(outcome, settings.caps);
      if (facts.refused) settings.log({ code: facts.refused.code, bytes: size, work: facts.work });
      return facts;
    },
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}

function toFacts(outcome: Awaited<ReturnType<BudgetPool<PdfCopyReading>['run']>>, caps: PdfCaps): PdfCopyFacts {
  const none = { objects: 0, inflatedBytes: 0, streamsInflated: 0 };
  if (outcome.kind === 'over_budget') {
    return { code: null, copyNumber: null, refused: issue('input_too_costly', { params: { limit: outcome.limit } }), work: none, seal: { kind: 'none' } };
  }
  const { code, copyNumber, work, overCap, seal } = outcome.result;
  if (overCap === null) return { code, copyNumber, refused: null, work, seal };
  const params = { byteLimit: caps.maxBytes, inflatedLimit: caps.maxInflatedBytes, objectLimit: caps.maxObjects };
  return { code: null, copyNumber: null, refused: issue('pdf_too_costly', { params }), work, seal: { kind: 'none' } };
}

function ownsItsBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

function logToStderr(refusal: PdfRefusal): void {
  process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'pdf refused', ...refusal })}\n`);
}

let shared: PdfReader | null = null;

/** The process's reader (created on first use). */
export async function readPdfCopy(bytes: Uint8Array, options: { client?: string; handOver?: boolean } = {}): Promise<PdfCopyFacts> {
  shared ??= createPdfReader();
  return shared.read(bytes, options);
}

/**
 * Stops the process's reader, if one was started: a server calls it on shutdown. Its worker's piped output
 * (swallowed, so a hostile PDF cannot flood the log) kept `hocba serve` alive after SIGTERM otherwise.
 */
export async function closeSharedPdfReader(): Promise<void> {
  const reader = shared;
  shared = null;
  await reader?.close();
}
