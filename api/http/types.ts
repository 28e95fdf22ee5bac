// Shapes shared by the HTTP layer: the app's options and limits, and the per-request variables (SPEC §5).
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Answers, Issue, Lang, OriginSource, Registry, Report } from '../index.ts';
import type { JsonStreamWork } from './json-stream.ts';
import type { TrustedProxies } from './client-address.ts';
import type { Metrics } from './metrics.ts';
import type { MakeLimiter } from './limiter.ts';

/** Checks an uploaded XML or package with the engine against the registry's trust material (POST /verify). */
export type VerifyUpload = (bytes: Uint8Array, now: Date) => Promise<Report>;

/** Every limit of the front door; checked before a body is parsed (docs/api.md lists them). */
export interface HttpLimits {
  /** POST /packages: a whole batch of base64 packages. */
  readonly pushBodyBytes: number;
  readonly packagesPerBatch: number;
  /** POST /records/{code}/replace and POST /verify: one package or XML. */
  readonly packageBodyBytes: number;
  /** POST /records/{code}/recall and other small JSON bodies. */
  readonly smallBodyBytes: number;
  /** POST /verify/batch. */
  readonly verifyBatchBodyBytes: number;
  /** POST /verify/claims: an admissions office's whole list (10,000 applicants with their declared values). */
  readonly claimsBodyBytes: number;
  /** Requests per minute per school token (school routes); 0 turns a budget of this kind off (`--…-rate-limit 0`). */
  readonly schoolRequestsPerMinute: number;
  /** Requests per minute per client address (public routes). */
  readonly publicRequestsPerMinute: number;
  /** POST /operator/login attempts per minute per client address (password guessing; lockout is per account). */
  readonly loginRequestsPerMinute: number;
  /** Requests per minute per operator session (operator routes). */
  readonly operatorRequestsPerMinute: number;
  /** Answers 401 (school, operator and login routes) per client address and window before every such request is 429. */
  readonly authFailuresPerWindow: number;
  readonly authFailureWindowMs: number;
  /** Operator JSON bodies: a school with its certificates, a CA certificate, lock dates. */
  readonly operatorBodyBytes: number;
  /** POST /operator/trust/crls: a national CA's revocation list can be large. */
  readonly crlBodyBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  pushBodyBytes: 64 * 1024 * 1024,
  packagesPerBatch: 500,
  packageBodyBytes: 8 * 1024 * 1024,
  smallBodyBytes: 64 * 1024,
  verifyBatchBodyBytes: 1024 * 1024,
  claimsBodyBytes: 8 * 1024 * 1024,
  schoolRequestsPerMinute: 600,
  publicRequestsPerMinute: 300,
  loginRequestsPerMinute: 10,
  operatorRequestsPerMinute: 600,
  authFailuresPerWindow: 30,
  authFailureWindowMs: 15 * 60_000,
  operatorBodyBytes: 1024 * 1024,
  crlBodyBytes: 16 * 1024 * 1024,
};

export interface AppOptions {
  readonly registry: Registry;
  /** Needed only without `answers` (the answers layer verifies uploads). */
  readonly verifyUpload?: VerifyUpload;
  readonly clock?: () => Date;
  readonly limits?: Partial<HttpLimits>;
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed (parseTrustedProxies); default none. */
  readonly trustedProxies?: TrustedProxies;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Answers when the database answers (`select 1`); GET /healthz. */
  readonly ping?: () => Promise<unknown>;
  /** Public origin of the portal (e.g. https://hocba.hanoi.edu.vn) for the QR on PDF copies (SPEC §3). */
  readonly publicUrl?: string;
  /** Where the public origin comes from when it is decided later (startServer: after listening); wins over publicUrl. */
  readonly origin?: OriginSource;
  /** The answers layer to share (startServer makes one for the API and the portal); default: one made here. */
  readonly answers?: Answers;
  /** Makes every request budget (limiter.ts); default: counted in this process alone. */
  readonly limiters?: MakeLimiter;
  /** Key of the requester-address hash kept in the copy log; default: random per process. */
  readonly ipHashKey?: string;
  /** Filled in as push bodies are streamed (bytes, yields, largest synchronous step): what tests bound instead of time. */
  readonly pushBodyWork?: JsonStreamWork;
  /** National mode (issue 19): mount the routes provinces forward to. */
  readonly national?: boolean;
  /** A province registry's forwarding runs (issue 19): the operator route starts one and reads its state. */
  readonly forwardRuns?: ForwardRuns;
}

/** What the operator route may ask of the forwarding runs of a province registry (api/server/forward-runs.ts). */
export interface ForwardRuns {
  readonly target: string;
  /** Starts a run in the background unless one is running: whether this call started it. Its batches are journaled as `actor`. */
  start(actor?: string): boolean;
  state(): ForwardRunState;
}

export interface ForwardRunState {
  readonly running: boolean;
  /** Who started the run in progress (null when none runs). */
  readonly startedBy: string | null;
  readonly target: string;
  readonly progress: { readonly sent: number; readonly total: number; readonly lastSequence: number } | null;
  readonly lastRun: {
    readonly finishedAt: string; readonly startedBy: string; readonly ok: boolean; readonly sent: number; readonly lastSequence: number;
    /** Why the run stopped, in English (the logs' words); `issue` is the same as a coded issue, for a page in either language. */
    readonly error: string | null; readonly issue: Pick<Issue, 'code' | 'params'> | null; readonly refused: { readonly sequence: number; readonly lookupCode: string | null; readonly codes: string[] } | null } | null;
}

/** What every route module receives: the options with defaults filled in. */
export interface Deps {
  readonly registry: Registry;
  readonly clock: () => Date;
  readonly limits: HttpLimits;
  readonly trustedProxies: TrustedProxies;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly ping: () => Promise<unknown>;
  /** Every public answer is decided there (api/answers); routes only translate. */
  readonly answers: Answers;
  readonly ipHashKey: string;
  readonly pushBodyWork?: JsonStreamWork;
  readonly national: boolean;
  readonly forwardRuns: ForwardRuns | null;
  /** Made once per app so that one budget spans every route it guards. */
  readonly guards: {
    /** The failed-auth throttle, then the token check (likewise `operator`). */
    readonly school: MiddlewareHandler<AppEnv>;
    readonly schoolRate: MiddlewareHandler<AppEnv>;
    readonly publicRate: MiddlewareHandler<AppEnv>;
    readonly operator: MiddlewareHandler<AppEnv>;
    readonly operatorRate: MiddlewareHandler<AppEnv>;
    /** The failed-auth throttle, then the province account's token (national routes). */
    readonly province: MiddlewareHandler<AppEnv>;
    /** The failed-auth throttle, then the login budget. */
    readonly loginRate: MiddlewareHandler<AppEnv>;
  };
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The request's logger: every line carries the request id. */
    log: Logger;
    /** Set by the language middleware (hono's detector): the language of error messages. */
    language: Lang;
    /** Set by schoolAuth. */
    schoolCode: string;
    /** Set by provinceAuth (a national instance's routes, issue 19). */
    provinceCode: string;
    /** A short hash of the bearer token: the rate-limit key, never the token itself. */
    tokenId: string;
    /** Set by operatorAuth: the username of the logged-in operator (the journal's `operator:<username>`). */
    operator: string;
  };
}
