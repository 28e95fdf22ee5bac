// The answers layer one server process shares between its API and its portal (no loopback HTTP between them):
// one upload verifier, and the public origin — configured (`--public-url` / HOCBA_PUBLIC_URL), else, for
// development and tests only, the loopback address the server is bound to (never a request's Host header).
import { createAnswers, loopbackOrigin, type Answers, type Registry, type Verifier } from '../index.ts';
import { createUploadVerifier } from './verify-upload.ts';
import type { TrustedProxies } from '../http/client-address.ts';
import { createLimiter } from '../http/limiter.ts';

export interface ServerAnswers {
  readonly answers: Answers;
  /** Called once the server listens: a server on 127.0.0.1/::1 and not behind a proxy may then name itself. */
  bound(host: string, port: number): void;
  close(): Promise<void>;
}

export interface ServerAnswersOptions {
  readonly registry: Registry;
  /** An origin such as https://hocba.hanoi.edu.vn; without one, copies are refused unless bound to loopback. */
  readonly publicUrl?: string;
  /** Behind a proxy the bound address says nothing about the public one: no loopback default. */
  /** Reverse proxies in front: with any, the server's own address is not the public one. */
  readonly trustedProxies?: TrustedProxies;
  readonly verifier?: Verifier;
  readonly workers?: number;
  readonly clock?: () => Date;
  /** Codes per asker and minute in bulk checks, every listed code counted (default BULK_CODES_PER_MINUTE). */
  readonly bulkCodesPerMinute?: number;
  /** Claims rows (applicants) per asker and minute (default CLAIMS_ROWS_PER_MINUTE). */
  readonly claimsRowsPerMinute?: number;
}

/** Enough for an admissions office's list every minute; far too few to guess codes by the million. */
export const BULK_CODES_PER_MINUTE = 5000;
/** Claims rows (applicants, up to three codes each) per asker and minute: a whole admissions list at once. */
export const CLAIMS_ROWS_PER_MINUTE = 10_000;

export function createServerAnswers(options: ServerAnswersOptions): ServerAnswers {
  const uploads = createUploadVerifier({ registry: options.registry, workers: options.workers ?? 0, ...(options.verifier ? { verifier: options.verifier } : {}) });
  let origin: string | null = options.publicUrl ?? null;
  // One code budget for the API and the portal (they share this answers layer), keyed by the asker's hash.
  const codes = createLimiter({ limit: options.bulkCodesPerMinute ?? BULK_CODES_PER_MINUTE, ...(options.clock ? { now: () => options.clock!().getTime() } : {}) });
  const claimRows = createLimiter({ limit: options.claimsRowsPerMinute ?? CLAIMS_ROWS_PER_MINUTE, ...(options.clock ? { now: () => options.clock!().getTime() } : {}) });
  const answers = createAnswers({
    registry: options.registry,
    verifyUpload: uploads.verifyUpload,
    chargeCodes: async (asker, count) => {
      const verdict = await codes.hit(`codes:${asker}`, count);
      return verdict.limited ? verdict.retryAfter : null;
    },
    chargeRows: async (asker, count) => {
      const verdict = await claimRows.hit(`claims:${asker}`, count);
      return verdict.limited ? verdict.retryAfter : null;
    },
    origin: () => origin,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    answers,
    bound(host, port) {
      if (origin === null && (options.trustedProxies?.entries.length ?? 0) === 0) origin = loopbackOrigin(host, port);
    },
    close: () => uploads.close(),
  };
}
