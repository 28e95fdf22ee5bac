// X-Request-Id: the caller's id when it is a short plain token, otherwise a new UUID; echoed on every answer.
import type { MiddlewareHandler } from 'hono';
import { requestId as honoRequestId } from 'hono/request-id';
import type { AppEnv } from '../types.ts';

export interface RequestIdOptions {
  readonly headerName?: string;
  /** Longer ids are replaced: they end up in every log line. */
  readonly limitLength?: number;
  readonly generate?: () => string;
}

export function requestId({
  headerName = 'X-Request-Id', limitLength = 128, generate = () => crypto.randomUUID(),
}: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  // Hono's middleware already refuses ids with anything but [A-Za-z0-9_=-] (no log injection).
  return honoRequestId({ headerName, limitLength, generator: generate });
}
