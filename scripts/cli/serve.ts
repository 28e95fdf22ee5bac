// `hocba serve`: the API (and the portal, once plugged in) in one Node server on the registry's database (SPEC §3, §4).
import { availableParallelism } from 'node:os';
import pino from 'pino';
import { closeSharedPdfReader, logOriginOf, startSequencer } from '../../api/index.ts';
import { createForwardRuns, NO_TRUSTED_PROXIES, parseTrustedProxies, startServer, type TrustedProxies } from '../../api/server/index.ts';
import { readFileSync } from 'node:fs';
import { createServerAnswers } from '../../api/server/answers.ts';
import { createPortal, DEFAULT_PAGES_PER_MINUTE } from '../../api/server/portal.ts';
import { connectSharedLimits, DEFAULT_HTTP_LIMITS, type HttpLimits } from '../../api/server/limits.ts';
import { ensureSiteBuilt } from '../build-site.ts';
import { parseInteger, UsageError, type Command, type Values } from './command.ts';
import { LOG_KEY_USAGE, logKeyFromOptions } from './log.ts';
import { DATA_OPTIONS, DATA_USAGE, openFromOptions } from './operator.ts';
import { SEAL_OPTIONS, SEAL_USAGE, sealFromOptions } from './seal-options.ts';

const ACCESS_LOG_PRUNE_MS = 24 * 60 * 60 * 1000;

/** The per-minute budgets an operator sets (0: off), by flag. */
const RATE_FLAGS = {
  'public-rate-limit': 'publicRequestsPerMinute',
  'school-rate-limit': 'schoolRequestsPerMinute',
  'operator-rate-limit': 'operatorRequestsPerMinute',
  'login-rate-limit': 'loginRequestsPerMinute',
} as const satisfies Record<string, keyof HttpLimits>;

export const serve: Command = {
  name: 'serve',
  usage: `[--port 4321] [--host 127.0.0.1] [--data DIR] [--workers N] [--trusted-proxies CIDRS] [--public-url U]
       [--log-key FILE] [--seal-key PEM --seal-cert PEM [--seal-chain PEM] | --seal-p12 FILE] [--seal-former PEM]
       [--tsa URL] [--no-migrate] [--log-level info]
       [--limits-store redis://HOST:6379] [--public-rate-limit N] [--page-rate-limit N] [--school-rate-limit N]
       [--operator-rate-limit N] [--login-rate-limit N]
       [--national] [--forward-to URL --forward-token-file FILE [--forward-every MINUTES]]

  --port N        TCP port (0 picks a free one); default 4321
  --host H        address to listen on; default 127.0.0.1 (0.0.0.0 for every interface)
  --workers N     verification threads (default: one per core; 0 verifies on the main thread)
  --trusted-proxies CIDRS
                  the reverse proxies in front (default: HOCBA_TRUSTED_PROXIES, else none), e.g.
                  127.0.0.1/32,10.0.0.0/8,::1/128. Only a request whose socket peer is one of them has its
                  X-Forwarded-For/-Proto believed; the client is the right-most X-Forwarded-For hop not in the list
  --public-url U  the registry's public origin, printed in the QR and link of every PDF copy (default:
                  HOCBA_PUBLIC_URL). Without one, a server on 127.0.0.1/::1 (no --trusted-proxies) uses its own
                  address; any other refuses to issue copies (public_url_missing): never the request's Host
  --limits-store URL
                  redis://HOST:PORT: one request budget per client across every node behind the load balancer
                  (default: HOCBA_LIMITS_STORE, else each process counts alone). While Redis is away each node
                  counts in its own memory, so a budget is at most N × nodes, never off
  --public-rate-limit N     public API requests per minute per client address (default ${DEFAULT_HTTP_LIMITS.publicRequestsPerMinute})
  --page-rate-limit N       portal page requests per minute per client address (default ${DEFAULT_PAGES_PER_MINUTE})
  --school-rate-limit N     school API requests per minute per school token (default ${DEFAULT_HTTP_LIMITS.schoolRequestsPerMinute})
  --operator-rate-limit N   operator API requests per minute per session (default ${DEFAULT_HTTP_LIMITS.operatorRequestsPerMinute})
  --login-rate-limit N      operator login attempts per minute per client address (default ${DEFAULT_HTTP_LIMITS.loginRequestsPerMinute})
                  0 turns a budget off (a benchmark, or a proxy in front that limits instead)
  --national      national mode (issue 19): provinces forward into this instance (POST /api/v1/national/batches,
                  with a token from \`hocba province add\`); every package is verified again with this instance's trust list
  --forward-to URL
                  a province registry: the national instance POST /api/v1/operator/forward sends to
  --forward-token-file FILE
                  the province token for --forward-to (from \`hocba province add\` on the national side)
  --forward-every MINUTES
                  also forward on this schedule (1 to 1440; default: only when an operator asks, or by cron with
                  \`hocba forward\`)
  --no-migrate    apply no migration; refuse to start (schema_not_current) unless \`hocba migrate\` brought the
                  schema up to date. For a DATABASE_URL role that may only read and write rows (docs/SECURITY.md)
${LOG_KEY_USAGE}
${SEAL_USAGE}
  --log-level L   pino level: fatal, error, warn, info, debug, silent (JSON lines on standard error)
${DATA_USAGE}

Environment: DATABASE_URL=postgres://… (the primary), DATABASE_READ_URL=postgres://…[,postgres://…] (streaming
replicas: lookups, pages and bulk checks read there, and from the primary on a miss or while a replica is away).

Prints the URL on standard output once listening; SIGTERM or SIGINT (Ctrl-C) stops it gracefully.
`,
  options: {
    ...DATA_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' },
    'trusted-proxies': { type: 'string' }, 'log-level': { type: 'string' }, 'public-url': { type: 'string' },
    'no-migrate': { type: 'boolean' }, 'log-key': { type: 'string' }, national: { type: 'boolean' },
    'forward-to': { type: 'string' }, 'forward-token-file': { type: 'string' }, 'forward-every': { type: 'string' }, ...SEAL_OPTIONS, 'limits-store': { type: 'string' },
    ...Object.fromEntries(Object.keys(RATE_FLAGS).map((flag) => [flag, { type: 'string' as const }])), 'page-rate-limit': { type: 'string' },
  },
  // It believed the LEFT-most X-Forwarded-For hop, which the client writes itself (issue 11).
  removed: { 'trust-proxy': '--trust-proxy is gone: name the proxies instead, e.g. --trusted-proxies 127.0.0.1/32,10.0.0.0/8' },
  async run(values) {
    const port = parseInteger(values, 'port', 4321, [0, 65535]);
    const publicUrl = publicUrlOf(values);
    const workers = parseInteger(values, 'workers', availableParallelism(), [0, 64]);
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const level = typeof values['log-level'] === 'string' ? values['log-level'] : 'info';
    // Logs go to standard error so that standard output carries only what scripts read (the URL).
    const trustedProxies = trustedProxiesOf(values);
    const limits = rateLimitsOf(values);
    const pagesPerMinute = parseInteger(values, 'page-rate-limit', DEFAULT_PAGES_PER_MINUTE, [0, 1_000_000]);
    const store = limitsStoreOf(values);
    const readUrls = readUrlsOf(process.env);
    const logger = pino({ level }, pino.destination(2));
    if (await ensureSiteBuilt()) process.stderr.write('hocba serve: portal built (dist/)\n');
    const log = logKeyFromOptions(values);
    // Read before anything opens: a seal that cannot be used stops the start, it never degrades to unsealed copies.
    const { seal, formerSeals } = sealFromOptions(values);
    if (log && publicUrl.publicUrl && logOriginOf(publicUrl.publicUrl) !== log.origin) {
      throw new UsageError(`the log key is for ${log.origin}, but --public-url makes the log ${logOriginOf(publicUrl.publicUrl)}: use the key made for this origin`);
    }
    const forwardTarget = forwardTargetOf(values);
    const opened = await openFromOptions(values, { workers, migrate: values['no-migrate'] !== true, ...(log ? { log } : {}), readUrls });
    const shared = store ? connectSharedLimits(store) : null;
    const limiters = shared ? { limiters: shared.limiters } : {};
    if (!shared && trustedProxies.entries.length > 0) {
      logger.warn('behind a proxy without --limits-store: this process counts its budgets alone, so N nodes allow N times every limit');
    }
    let server;
    let portal;
    // One pool of verification threads for ingest, API uploads and portal uploads alike, and one answers layer.
    const forwardRuns = forwardTarget ? createForwardRuns({
      registry: opened.registry, ...forwardTarget,
      onFinished: (run) => (run.ok ? logger.info(run, 'forward run finished') : logger.warn(run, 'forward run stopped')),
    }) : null;
    const answers = createServerAnswers({ registry: opened.registry, verifier: opened.verifier, trustedProxies, ...publicUrl, seal, formerSeals, ...limiters });
    try {
      portal = await createPortal({
        registry: opened.registry, answers, trustedProxies, requestsPerMinute: pagesPerMinute, ...limiters,
        // The console's "Forward now" starts a run of the same forwarder as POST /api/v1/operator/forward.
        ...(forwardRuns ? { forwardRuns } : {}),
        // The console's sign-in spends the operator login budget too (issue 20).
        ...(limits.loginRequestsPerMinute === undefined ? {} : { loginRequestsPerMinute: limits.loginRequestsPerMinute }),
      });
      server = await startServer({
        registry: opened.registry,
        answers,
        port,
        host,
        verifier: opened.verifier,
        logger,
        trustedProxies,
        limits,
        ...limiters,
        ping: () => opened.ping(),
        portal: portal.handler,
        ...(values.national === true ? { national: true } : {}),
        ...(forwardRuns ? { forwardRuns } : {}),
      });
    } catch (error) {
      await portal?.close();
      await shared?.close();
      await opened.close();
      throw error;
    }
    process.stdout.write(`hocba serve: listening on ${server.url} (database: ${opened.where})${values.national === true ? ' [national]' : ''}\n`);
    // Retention of the access log (issue 13, Decree 13/2023): at start, then daily; several servers pruning is harmless.
    const prune = () => void opened.registry.pruneAccessLog().then(
      (deleted) => logger.info({ deleted }, 'access log pruned'), (error: unknown) => logger.warn({ err: error }, 'access log prune failed'));
    prune();
    const pruning = setInterval(prune, ACCESS_LOG_PRUNE_MS).unref();
    // The log's sequencer (docs/log.md): every process with the key runs one; the database lets one integrate at a time.
    const sequencer = log ? startSequencer(opened.registry.log, {
      onError: (error) => logger.warn({ err: error }, 'log sequencer turn failed'),
      onIntegrated: (size, added) => logger.debug({ size, added }, 'log checkpoint signed'),
    }) : null;
    if (seal) logger.info({ seal: seal.key.subject, fingerprint: seal.key.fingerprint, timeStamped: seal.timeStamp !== undefined }, 'PDF copies are sealed');
    else logger.warn('no --seal-key/--seal-p12: PDF copies are issued UNSEALED (they say so) and the upload check calls none genuine');
    if (!log) logger.warn('no --log-key: this process signs no log checkpoint; state changes wait in the log until one does (hocba log init)');
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    logger.info({ signal }, 'shutting down');
    clearInterval(pruning);
    await server.close();
    await forwardRuns?.stop();
    await sequencer?.stop();
    await portal.close();
    await shared?.close();
    await opened.close();
    await closeSharedPdfReader();
    process.stdout.write(`hocba serve: stopped (${signal})\n`);
    return 0;
  },
};

function rateLimitsOf(values: Values): Partial<HttpLimits> {
  const limits: Partial<Record<keyof HttpLimits, number>> = {};
  for (const [flag, key] of Object.entries(RATE_FLAGS)) limits[key] = parseInteger(values, flag, DEFAULT_HTTP_LIMITS[key], [0, 1_000_000]);
  return limits;
}

function limitsStoreOf(values: Values): string | null {
  const given = typeof values['limits-store'] === 'string' ? values['limits-store'] : process.env.HOCBA_LIMITS_STORE;
  if (!given?.trim()) return null;
  if (!/^rediss?:\/\/[^/]/.test(given.trim())) throw new UsageError(`--limits-store (or HOCBA_LIMITS_STORE) is a redis:// URL such as redis://10.0.0.5:6379 (got "${given.split(':')[0]}:…")`);
  return given.trim();
}

/** SPEC §3: `DATABASE_READ_URL=postgres://…[,postgres://…]`, streaming replicas of DATABASE_URL's primary. */
export function readUrlsOf(env: NodeJS.ProcessEnv): string[] {
  const urls = (env.DATABASE_READ_URL ?? '').split(',').map((url) => url.trim()).filter((url) => url !== '');
  if (urls.length === 0) return [];
  if (!env.DATABASE_URL?.trim()) throw new UsageError('DATABASE_READ_URL names replicas of a PostgreSQL primary: set DATABASE_URL too');
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`DATABASE_READ_URL: each entry is a postgres:// URL (got one starting "${url.slice(0, 12)}")`);
  }
  return urls;
}

function publicUrlOf(values: Values): { publicUrl?: string } {
  const given = typeof values['public-url'] === 'string' ? values['public-url'] : process.env.HOCBA_PUBLIC_URL;
  if (!given) return {};
  try {
    return { publicUrl: new URL(given).origin };
  } catch {
    throw new UsageError(`--public-url must be an absolute URL such as https://hocba.hanoi.edu.vn (got "${given}")`);
  }
}

function trustedProxiesOf(values: Values): TrustedProxies {
  const given = typeof values['trusted-proxies'] === 'string' ? values['trusted-proxies'] : process.env.HOCBA_TRUSTED_PROXIES;
  if (given === undefined) return NO_TRUSTED_PROXIES;
  try {
    return parseTrustedProxies(given);
  } catch (error) {
    throw new UsageError(`--trusted-proxies (or HOCBA_TRUSTED_PROXIES): ${(error as Error).message}`);
  }
}

/** --forward-to with its token file and schedule, read before anything opens (a wrong file stops the start). */
function forwardTargetOf(values: Values): { to: string; token: string; everyMs: number } | null {
  const to = values['forward-to'];
  const file = values['forward-token-file'];
  if (to === undefined && file === undefined && values['forward-every'] === undefined) return null;
  if (typeof to !== 'string' || typeof file !== 'string') throw new UsageError('--forward-to URL and --forward-token-file FILE go together');
  try {
    if (!/^https?:$/.test(new URL(to).protocol)) throw new Error('scheme');
  } catch {
    throw new UsageError(`--forward-to must be the national instance's URL, e.g. https://hocba.moet.gov.vn (got "${to.slice(0, 80)}")`);
  }
  const token = readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new UsageError(`--forward-token-file ${file} does not hold a province token (43 characters from hocba province add)`);
  const minutes = parseInteger(values, 'forward-every', 0, [0, 1440]);
  return { to, token, everyMs: minutes * 60_000 };
}
