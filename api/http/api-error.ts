// The one exception type of the HTTP layer: it knows its status; domain errors are mapped to it in one place.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { IssueCode, IssueParams } from '../index.ts';

export interface ApiErrorOptions {
  readonly params?: IssueParams;
  /** Field path of an invalid request (`packages.3`). */
  readonly path?: string;
  /** Seconds, sent as Retry-After (429, 503). */
  readonly retryAfter?: number;
  /** Extra response headers, e.g. WWW-Authenticate on 401. */
  readonly headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: IssueCode;
  readonly params?: IssueParams;
  readonly path?: string;
  readonly retryAfter?: number;
  readonly headers?: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: IssueCode, options: ApiErrorOptions = {}) {
    super(code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (options.params) this.params = options.params;
    if (options.path !== undefined) this.path = options.path;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
    if (options.headers) this.headers = options.headers;
  }
}
