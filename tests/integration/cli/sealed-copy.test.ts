// `hocba serve --seal-p12` (password from HOCBA_SEAL_P12_PASSWORD) issues sealed copies, and `hocba verify FILE
// --url` calls the copy genuine and a changed one not (issue 15), through the real binaries.
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../../api/index.ts';
import { ensureSiteBuilt } from '../../../scripts/build-site.ts';
import { seedEveryStatus } from '../../helpers/every-status.ts';
import { spawnServe, startServe } from '../../helpers/serve.ts';
import { makeFixtures, type Fixtures } from '../../helpers/signed-records.ts';

const HOCBA = fileURLToPath(new URL('../../../scripts/hocba.ts', import.meta.url));
const PASSWORD = 'mật khẩu dấu';

let fx: Fixtures;
let server: ChildProcess | undefined;
let url: string;
let code: string;
const work = mkdtempSync(join(tmpdir(), 'hocba-sealed-cli-'));
const data = join(work, 'data');
let p12: string;

beforeAll(async () => {
  [fx] = await Promise.all([makeFixtures(), ensureSiteBuilt()]);
  const opened = await openRegistry({ dataDir: data });
  code = (await seedEveryStatus(opened.registry, fx)).codes.inForce;
  await opened.close();
  const seal = fx.pki.entities['registry-seal-ec']!;
  p12 = join(work, 'seal.p12');
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', seal.keyPath, '-in', seal.certPath, '-certfile', seal.chainPath!, '-passout', `pass:${PASSWORD}`, '-out', p12], { stdio: 'ignore' });
  ({ child: server, url } = await startServe(['--port', '0', '--workers', '0', '--log-level', 'warn', '--data', data, '--seal-p12', p12], { HOCBA_SEAL_P12_PASSWORD: PASSWORD }));
}, 240_000);

afterAll(async () => {
  if (server) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.on('exit', resolve));
  }
  rmSync(work, { recursive: true, force: true });
});

function verify(bytes: Uint8Array, name: string, lang: 'vi' | 'en' = 'vi'): { status: number | null; out: string } {
  const file = join(work, name);
  writeFileSync(file, bytes);
  const run = spawnSync(process.execPath, [HOCBA, 'verify', file, '--url', url, '--lang', lang], { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('a sealed copy through hocba serve and hocba verify', () => {
  it('is issued sealed and verified genuine (exit 0), a changed byte makes it invalid (exit 1, pdf_seal_broken)', async () => {
    const response = await fetch(`${url}/api/v1/records/${code}/pdf`);
    expect(response.headers.get('x-copy-sealed')).toBe('true');
    const copy = new Uint8Array(await response.arrayBuffer());
    const genuine = verify(copy, 'copy.pdf');
    expect(genuine.out).toContain('BẢN SAO THẬT số 1 của học bạ');
    expect(verify(copy, 'copy-en.pdf', 'en').out).toContain('GENUINE copy no. 1');
    expect(genuine.status).toBe(0);
    const changed = Buffer.from(copy);
    const at = changed.indexOf('stream\n', 2000, 'latin1') + 20;
    changed[at] = changed[at]! ^ 0x01;
    const broken = verify(changed, 'changed.pdf');
    expect(broken.out).toContain('[pdf_seal_broken]');
    expect(broken.out).not.toContain('BẢN SAO THẬT');
    expect(broken.status).toBe(1);
  });

  it('refuses to start with a PKCS#12 but no password in the environment, naming the variable', async () => {
    const outcome = await spawnServe(['--port', '0', '--workers', '0', '--data', join(work, 'other'), '--seal-p12', p12], { HOCBA_SEAL_P12_PASSWORD: '' });
    expect('url' in outcome).toBe(false);
    if (!('url' in outcome)) {
      expect(outcome.code).not.toBe(0);
      expect(outcome.output).toMatch(/PKCS#12|HOCBA_SEAL_P12_PASSWORD/);
    }
  });
});
