// `serve --seal-key/--seal-cert/--seal-chain | --seal-p12 [--tsa URL]` (SPEC §4): the registry's seal for PDF copies.
import { readFileSync } from 'node:fs';
import { certificatesOfPem, httpTimeStamper, SealConfigError, sealFromP12, sealFromPem, type Sealer } from '../../api/index.ts';
import { UsageError, type Values } from './command.ts';

/** The environment variable holding the PKCS#12 password (never a command-line argument: `ps` shows those). */
export const SEAL_P12_PASSWORD_ENV = 'HOCBA_SEAL_P12_PASSWORD';

export const SEAL_OPTIONS = {
  'seal-key': { type: 'string' }, 'seal-cert': { type: 'string' }, 'seal-chain': { type: 'string' }, 'seal-p12': { type: 'string' },
  'seal-former': { type: 'string', multiple: true }, tsa: { type: 'string' },
} as const;

export const SEAL_USAGE = `  --seal-key PEM  the registry's seal key (PKCS#8): every PDF copy is sealed with it (PAdES B-B), and only
                  copies under it are called genuine by the upload check
  --seal-cert PEM the seal's certificate (the Sở's organisation certificate); goes with --seal-key
  --seal-chain PEM
                  the seal certificate's issuing CA certificate(s), carried in every seal
  --seal-p12 FILE key, certificate and chain as one PKCS#12 file; its password is read from ${SEAL_P12_PASSWORD_ENV}
  --seal-former PEM
                  an earlier seal certificate whose copies the upload check still accepts (repeatable)
  --tsa URL       an RFC 3161 time-stamp authority: seals become PAdES B-T (a licensed service in production)
                  Without a seal, copies are issued saying plainly that they are unsealed.`;

export function sealFromOptions(values: Values, env: NodeJS.ProcessEnv = process.env): { seal: Sealer | null; formerSeals: Uint8Array[] } {
  const key = values['seal-key'];
  const cert = values['seal-cert'];
  const chain = values['seal-chain'];
  const p12 = values['seal-p12'];
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UsageError(`${what}: ${(error as Error).message}`);
    }
  };
  const former = (Array.isArray(values['seal-former']) ? values['seal-former'] : []).flatMap((path) => certificatesOfPem(read(String(path), '--seal-former').toString('utf8')));
  if (typeof p12 === 'string' && (typeof key === 'string' || typeof cert === 'string')) throw new UsageError('give either --seal-p12 or --seal-key/--seal-cert, not both');
  if ((typeof key === 'string') !== (typeof cert === 'string')) throw new UsageError('--seal-key and --seal-cert go together');
  if (typeof chain === 'string' && typeof key !== 'string') throw new UsageError('--seal-chain needs --seal-key and --seal-cert');
  if (typeof values.tsa === 'string' && typeof key !== 'string' && typeof p12 !== 'string') throw new UsageError('--tsa needs a seal (--seal-key/--seal-cert or --seal-p12)');
  try {
    let sealKey;
    if (typeof p12 === 'string') {
      const password = env[SEAL_P12_PASSWORD_ENV];
      if (password === undefined) throw new UsageError(`--seal-p12 reads its password from ${SEAL_P12_PASSWORD_ENV}, which is not set`);
      sealKey = sealFromP12(read(p12, '--seal-p12'), password);
    } else if (typeof key === 'string' && typeof cert === 'string') {
      sealKey = sealFromPem({
        keyPem: read(key, '--seal-key').toString('utf8'), certPem: read(cert, '--seal-cert').toString('utf8'),
        ...(typeof chain === 'string' ? { chainPem: read(chain, '--seal-chain').toString('utf8') } : {}),
      });
    } else {
      return { seal: null, formerSeals: former };
    }
    const tsa = typeof values.tsa === 'string' ? values.tsa : null;
    if (tsa !== null && !/^https?:\/\//.test(tsa)) throw new UsageError(`--tsa must be an http(s) URL (got "${tsa}")`);
    return { seal: { key: sealKey, ...(tsa ? { timeStamp: httpTimeStamper(tsa) } : {}) }, formerSeals: former };
  } catch (error) {
    if (error instanceof SealConfigError) throw new UsageError(error.message);
    throw error;
  }
}
