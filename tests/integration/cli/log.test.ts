// `hocba log init|export|verify` and `hocba verify FILE --proof --log-key` through the real binary on PostgreSQL
// (issue 13): a key file made once with mode 0600, a log exported as static files and checked whole by an outsider's
// command (and a tampered copy refused), and a record's acceptance proven offline from the file alone.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePackage, logIdentityOf, openRegistry } from '../../../api/index.ts';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/database.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { runHocba } from '../../helpers/hocba.ts';

const SLOW = 300_000;

describe('hocba log on PostgreSQL', () => {
  let fresh: FreshDatabase;
  let work: string;
  let code: string;
  let xmlFile: string;
  let verifierKey: string;
  const keyFile = () => join(work, 'keys', 'log.key');
  const env = () => ({ DATABASE_URL: fresh.url });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hocba-log-cli-'));
    fresh = await createFreshDatabase('hocba_log_cli');
    const init = await runHocba(['log', 'init', '--public-url', 'https://hocba.example.vn', '--key-file', keyFile()], {});
    expect([init.code, init.stderr]).toEqual([0, `hocba log init: signing key written to ${keyFile()} (mode 0600)\n`]);
    verifierKey = init.stdout.trim();
    const fx = await makeFixtures();
    const opened = await openRegistry({ url: fresh.url, log: logIdentityOf(readFileSync(keyFile(), 'utf8')) });
    try {
      await enrolFixtures(opened.registry, fx, [SCHOOLS.a]);
      const pkg = await fx.packaged(SCHOOLS.a, 1501);
      const [result] = await opened.registry.submitPackages(SCHOOLS.a.code, [pkg, await fx.packaged(SCHOOLS.a, 1502)]);
      code = (result as { lookupCode: string }).lookupCode;
      xmlFile = join(work, 'record.xml');
      writeFileSync(xmlFile, decodePackage(pkg));
      await opened.registry.log.integrate();
      const proofs = await opened.registry.log.proofs(code);
      writeFileSync(join(work, 'record.tlog-proof'), proofs.entries[0]!.proof);
    } finally {
      await opened.close();
    }
  }, SLOW);
  afterAll(async () => {
    await fresh?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('makes the key once: mode 0600, named for the public origin, never overwritten; says what is missing', async () => {
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(verifierKey).toMatch(/^hocba\.example\.vn\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const again = await runHocba(['log', 'init', '--public-url', 'https://hocba.example.vn', '--key-file', keyFile()], {});
    expect([again.code, again.stderr]).toEqual([64, expect.stringContaining('exists; a log key is never overwritten')]);
    const nowhere = await runHocba(['log', 'init', '--public-url', 'https://hocba.example.vn'], {});
    expect([nowhere.code, nowhere.stderr]).toEqual([64, expect.stringContaining('--key-file FILE or --env')]);
    // A server whose public URL is another origin than its log key's would sign checkpoints of a log it is not.
    const elsewhere = await runHocba(['serve', '--port', '0', '--log-key', keyFile(), '--public-url', 'https://other.example.vn'], env());
    expect([elsewhere.code, elsewhere.stderr]).toEqual([64, expect.stringContaining('the log key is for hocba.example.vn/log, but --public-url makes the log other.example.vn/log')]);
  }, SLOW);

  it('exports the log as static files that `log verify` checks whole, and refuses a copy with one byte changed', async () => {
    const dir = join(work, 'static');
    const exported = await runHocba(['log', 'export', dir, '--log-key', keyFile()], env());
    expect([exported.code, exported.stderr]).toEqual([0, '']);
    expect(readFileSync(join(dir, 'key'), 'utf8')).toBe(`${verifierKey}\n`);
    const checked = await runHocba(['log', 'verify', '--dir', dir, '--log-key', verifierKey, '--json'], {});
    expect([checked.code, checked.stderr]).toEqual([0, '']);
    const result = JSON.parse(checked.stdout) as { ok: boolean; origin: string; size: number; kinds: Record<string, number> };
    expect(result).toMatchObject({ ok: true, origin: 'hocba.example.vn/log', kinds: { accepted: 2, 'journal-head': 1, approved: 1 } });

    const bad = join(work, 'tampered');
    cpSync(dir, bad, { recursive: true });
    const bundle = join(bad, 'tile', 'entries', readdirSync(join(bad, 'tile', 'entries')).find((name) => name.startsWith('000'))!);
    const path = statSync(bundle).isDirectory() ? join(bundle, readdirSync(bundle)[0]!) : bundle;
    const bytes = readFileSync(path);
    bytes[bytes.length - 5]! ^= 1;
    writeFileSync(path, bytes);
    const refused = await runHocba(['log', 'verify', '--dir', bad, '--log-key', verifierKey], {});
    expect([refused.code, refused.stdout]).toEqual([1, expect.stringContaining('FAILED  the entries do not hash to the checkpoint\'s root')]);
  }, SLOW);

  it('proves a record offline from the file, its .tlog-proof and the key; a changed file is refused with the reason', async () => {
    const proof = join(work, 'record.tlog-proof');
    const ok = await runHocba(['verify', xmlFile, '--proof', proof, '--log-key', verifierKey], {});
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining(`record ${code}, school ${SCHOOLS.a.code}`)]);
    const changed = join(work, 'changed.xml');
    writeFileSync(changed, readFileSync(xmlFile, 'utf8').replace('</HocBaSo>', '</HocBaSo>\n'));
    const refused = await runHocba(['verify', changed, '--proof', proof, '--log-key', verifierKey], {});
    expect([refused.code, refused.stdout]).toEqual([1, expect.stringContaining('is not the logged')]);
    expect(existsSync(proof)).toBe(true);
  }, SLOW);
});
