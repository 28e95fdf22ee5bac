// The forwarder (issue 19): a province registry sends its lifecycle stream to the national store, in order, in
// bounded batches. It asks the national side how far it has applied first and sends from there, so a run killed or
// cut off at any point resumes without losing or doubling anything: the national side applies a batch and moves
// its cursor in one transaction, and items at or below the cursor are no-ops. `hocba forward`, the operator route
// and `serve --forward-every` all run this one loop.
import { FORWARD_LIMITS, HocbaError, type ForwardAck, type ForwardItem, type ForwardRefusal, type Registry } from '../index.ts';

export interface ForwardProgress {
  /** Items the national side acknowledged in this run. */
  readonly sent: number;
  /** Items that followed the national cursor when the run started (more may arrive during it). */
  readonly total: number;
  readonly applied: number;
  readonly repeated: number;
  readonly lastSequence: number;
}

export interface ForwardRun extends ForwardProgress {
  readonly target: string;
  readonly province: string;
  /** The national cursor when the run started. */
  readonly from: number;
  /** The item the national side refused: the run stopped there (nothing after it was sent). */
  readonly refused: ForwardRefusal | null;
}

export interface ForwardOptions {
  readonly registry: Registry;
  /** The national instance's base URL. */
  readonly to: string;
  readonly token: string;
  readonly maxItems?: number;
  readonly maxPackageBytes?: number;
  readonly onProgress?: (progress: ForwardProgress) => void;
  /** Tries per request before the run gives up (network errors, 5xx, 429). */
  readonly tries?: number;
  readonly backoffMs?: number;
  /** Who started the run, for the journal's `forward` events: `operator:<name>`, `cli:<user>@<host>`; default `operator:forward`. */
  readonly actor?: string;
}

export async function forwardOnce(options: ForwardOptions): Promise<ForwardRun> {
  const target = new URL(options.to).origin;
  const maxItems = Math.min(options.maxItems ?? FORWARD_LIMITS.maxItems, FORWARD_LIMITS.maxItems);
  const maxBytes = Math.min(options.maxPackageBytes ?? FORWARD_LIMITS.maxPackageBytes, FORWARD_LIMITS.maxPackageBytes);
  const call = caller(target, options);
  const start = await call<{ province: string; lastSequence: number }>('GET', '/api/v1/national/cursor');
  const total = await options.registry.forwarding.countStream(start.lastSequence);
  let progress: ForwardProgress = { sent: 0, total, applied: 0, repeated: 0, lastSequence: start.lastSequence };
  let resyncs = 0;
  for (;;) {
    const page = await options.registry.forwarding.readStream(progress.lastSequence, maxItems, maxBytes);
    if (page.items.length === 0) return { ...progress, target, province: start.province, from: start.lastSequence, refused: null };
    let ack: ForwardAck;
    try {
      ack = await call<ForwardAck>('POST', '/api/v1/national/batches', { after: progress.lastSequence, items: page.items });
    } catch (error) {
      // Another run moved the national cursor past ours (or ours is stale): ask again and go on from there, a few times.
      if (!(error instanceof HocbaError && error.params?.code === 'forward_gap') || resyncs++ >= 3) throw error;
      const cursor = await call<{ lastSequence: number }>('GET', '/api/v1/national/cursor');
      progress = { ...progress, lastSequence: cursor.lastSequence };
      continue;
    }
    const through = ack.lastSequence;
    const acknowledged = countThrough(page.items, through);
    await options.registry.forwarding.journalForwarded(target, {
      after: progress.lastSequence, through, items: acknowledged, applied: ack.applied, repeated: ack.repeated,
    }, undefined, options.actor);
    progress = {
      sent: progress.sent + acknowledged, total, applied: progress.applied + ack.applied, repeated: progress.repeated + ack.repeated, lastSequence: through,
    };
    options.onProgress?.(progress);
    if (ack.refused) return { ...progress, target, province: ack.province, from: start.lastSequence, refused: ack.refused };
  }
}

function countThrough(items: readonly ForwardItem[], through: number): number {
  return items.filter((item) => item.sequence <= through).length;
}

/**
 * One JSON request to the national side with retries on what may pass (network, 429, 5xx); any other refusal is
 * `forward_upstream_failed` naming the national side's code, and a refused item (422 with its ack) is an answer.
 */
function caller(target: string, options: ForwardOptions) {
  const tries = options.tries ?? 5;
  const backoff = options.backoffMs ?? 500;
  return async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = new URL(path, target).toString();
    for (let attempt = 1; ; attempt++) {
      let detail: string;
      try {
        const response = await fetch(url, {
          method,
          headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const answer = (await response.json().catch(() => ({}))) as { code?: string; message?: string; refused?: unknown };
        if (response.ok) return answer as T;
        if (response.status === 422 && answer.code === 'forward_item_refused' && answer.refused) return answer as T;
        detail = `${response.status} ${answer.code ?? ''} ${answer.message ?? response.statusText}`.trim();
        if (response.status !== 429 && response.status < 500) {
          throw new HocbaError('forward_upstream_failed', { params: { url, detail, code: answer.code ?? `http_${response.status}` } });
        }
      } catch (error) {
        if (error instanceof HocbaError) throw error;
        const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
        detail = `network: ${cause}`;
      }
      if (attempt >= tries) throw new HocbaError('forward_upstream_failed', { params: { url, detail, code: 'unreachable' } });
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, backoff * 2 ** (attempt - 1))));
    }
  };
}
