// `hocba serve`: the API (and the portal, once plugged in) in one Node server on the registry's database (SPEC §3, §4).
import { availableParallelism } from 'node:os';
import pino from 'pino';
import { closeSharedPdfReader, logOriginOf, startSequencer } from '../../api/index.ts';
import { NO_TRUSTED_PROXIES, parseTrustedProxies, startServer, type TrustedProxies } from '../../api/server/index.ts';
import { createServerAnswers } from '../../api/server/answers.ts';
import { createPortal } from '../../api/server/portal.ts';
import { ensureSiteBuilt } from '../build-site.ts';
import { parseInteger, UsageError, type Command, type Values } from './command.ts';
import { LOG_KEY_USAGE, logKeyFromOptions } from './log.ts';
import { DATA_OPTIONS, DATA_USAGE, openFromOptions } from './operator.ts';

const ACCESS_LOG_PRUNE_MS = 24 * 60 * 60 * 1000;

export const serve: Command = {
  name: 'serve',
  usage: `[--port 4321] [--host 127.0.0.1] [--data DIR] [--workers N] [--trusted-proxies CIDRS] [--public-url U]
       [--log-key FILE] [--no-migrate] [--log-level info]

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
  --no-migrate    apply no migration; refuse to start (schema_not_current) unless \`hocba migrate\` brought the
                  schema up to date. For a DATABASE_URL role that may only read and write rows (docs/SECURITY.md)
${LOG_KEY_USAGE}
  --log-level L   pino level: fatal, error, warn, info, debug, silent (JSON lines on standard error)
${DATA_USAGE}

Prints the URL on standard output once listening; SIGTERM or SIGINT (Ctrl-C) stops it gracefully.
`,
  options: {
    ...DATA_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' },
    'trusted-proxies': { type: 'string' }, 'log-level': { type: 'string' }, 'public-url': { type: 'string' },
    'no-migrate': { type: 'boolean' }, 'log-key': { type: 'string' },
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
    const logger = pino({ level }, pino.destination(2));
    if (await ensureSiteBuilt()) process.stderr.write('hocba serve: portal built (dist/)\n');
    const log = logKeyFromOptions(values);
    if (log && publicUrl.publicUrl && logOriginOf(publicUrl.publicUrl) !== log.origin) {
      throw new UsageError(`the log key is for ${log.origin}, but --public-url makes the log ${logOriginOf(publicUrl.publicUrl)}: use the key made for this origin`);
    }
    const opened = await openFromOptions(values, { workers, migrate: values['no-migrate'] !== true, ...(log ? { log } : {}) });
    let server;
    let portal;
    // One pool of verification threads for ingest, API uploads and portal uploads alike, and one answers layer.
    const answers = createServerAnswers({ registry: opened.registry, verifier: opened.verifier, trustedProxies, ...publicUrl });
    try {
      portal = await createPortal({ registry: opened.registry, answers, trustedProxies });
      server = await startServer({
        registry: opened.registry,
        answers,
        port,
        host,
        verifier: opened.verifier,
        logger,
        trustedProxies,
        ping: () => opened.database.query('select 1'),
        portal: portal.handler,
      });
    } catch (error) {
      await portal?.close();
      await opened.close();
      throw error;
    }
    process.stdout.write(`hocba serve: listening on ${server.url} (database: ${opened.where})\n`);
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
    if (!log) logger.warn('no --log-key: this process signs no log checkpoint; state changes wait in the log until one does (hocba log init)');
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    logger.info({ signal }, 'shutting down');
    clearInterval(pruning);
    await server.close();
    await sequencer?.stop();
    await portal.close();
    await opened.close();
    await closeSharedPdfReader();
    process.stdout.write(`hocba serve: stopped (${signal})\n`);
    return 0;
  },
};

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
