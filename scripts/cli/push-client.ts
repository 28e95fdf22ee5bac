// The HTTP side of `hocba push`: one POST per batch, retried on transient failures (network errors,
// 429 with Retry-After, 5xx) with exponential backoff, at most 5 tries.
export interface PushResult {
  readonly lookupCode: string | null;
  readonly status: 'accepted' | 'rejected';
  readonly receipt?: { readonly receiptId: string; readonly receivedAt: string; readonly digest: string };
  readonly errors?: readonly { readonly code: string; readonly message: string; readonly path?: string; readonly signature?: number }[];
}

/** The API refused the request itself (401, 413, 400…): retrying cannot help. */
export class PushRefused extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'PushRefused';
    this.status = status;
    this.code = code;
  }
}

export interface PushClientOptions {
  readonly url: string;
  readonly token: string;
  readonly tries?: number;
  /** First backoff in ms; doubled on each retry. */
  readonly backoffMs?: number;
  readonly onRetry?: (attempt: number, reason: string, waitMs: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const MAX_WAIT_MS = 60_000;

export function createPushClient(options: PushClientOptions) {
  const endpoint = new URL('/api/v1/packages', options.url);
  const tries = options.tries ?? 5;
  const backoff = options.backoffMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async function pushBatch(packages: string[]): Promise<PushResult[]> {
    for (let attempt = 1; ; attempt++) {
      let wait = Math.min(MAX_WAIT_MS, backoff * 2 ** (attempt - 1));
      let reason: string;
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ packages }),
        });
        if (response.status === 200) return ((await response.json()) as { results: PushResult[] }).results;
        const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; requestId?: string };
        const code = body.code ?? `http_${response.status}`;
        if (response.status !== 429 && response.status < 500) {
          throw new PushRefused(response.status, code, body.message ?? response.statusText);
        }
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(MAX_WAIT_MS, retryAfter * 1000);
        reason = `${response.status} ${code}${body.requestId ? ` (request ${body.requestId})` : ''}`;
      } catch (error) {
        if (error instanceof PushRefused) throw error;
        reason = `network: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`;
      }
      if (attempt >= tries) throw new Error(`gave up after ${tries} tries: ${reason}`);
      options.onRetry?.(attempt, reason, wait);
      await sleep(wait);
    }
  };
}
