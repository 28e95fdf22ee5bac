// The one exception type of the HTTP layer: it knows its status; domain errors are mapped to it in one place.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { IssueCode, IssueParams } from '../errors.ts';

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: IssueCode;
  readonly params?: IssueParams;
  readonly retryAfter?: number;

  constructor(status: ContentfulStatusCode, code: IssueCode, options: { params?: IssueParams; retryAfter?: number } = {}) {
    super(code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (options.params) this.params = options.params;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}
