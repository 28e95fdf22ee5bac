// The LIVE registry's log checked by an independent implementation (issue 13 "Independent check"): Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (tests/log-verifier, Debian's golang-golang-x-mod-dev, GOPATH mode, no
// download) fetch /log/key, /log/checkpoint and every tile and entry bundle from the app served on a real TCP port
// (PGlite and PostgreSQL), and accept them, a record's acceptance proof as downloaded (its entry in `extra`) and
// consistency with an older checkpoint — and refuse, saying why, a tile, entry bundle or checkpoint changed by one
// byte on the way (a second server in front of the app), a proof whose entry was swapped, and another key; and the
// proof a PDF copy carries as an attachment (SPEC §5 GET /records/{code}/pdf), taken out with poppler's pdfdetach.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { formatProof, openCheckpoint, signCheckpoint } from '../../../api/log/checkpoint.ts';
import { leafHash } from '../../../api/log/merkle.ts';
import { generateNoteKey, parseVerifierKey } from '../../../api/log/note.ts';
import { entryText } from '../../../api/registry/log-entries.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';
import { pdfAttachments } from '../../unit/render/tools.ts';

const SOURCE = fileURLToPath(new URL('../../log-verifier/', import.meta.url));
// The key's name is the log's origin; the verifier compares the checkpoint's first line with the ORIGIN it is given,
// so a fixed public name works for a server whose port is only known once it listens.
const ORIGIN = 'hocba.example.vn/log';
const { signer } = generateNoteKey(ORIGIN);
const verifier = parseVerifierKey(signer.verifierKey);

let fx: Fixtures;
let work: string;
let verifierBinary: string;

beforeAll(async () => {
  fx = await makeFixtures();
  work = mkdtempSync(join(tmpdir(), 'hocba-live-log-'));
  verifierBinary = join(work, 'verifier');
  const build = spawnSync('go', ['build', '-o', verifierBinary, '.'], {
    cwd: SOURCE, encoding: 'utf8',
    env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(work, 'gocache') },
  });
  if (build.status !== 0) throw new Error(`go build failed (needs golang-go and golang-golang-x-mod-dev): ${build.stderr}`);
}, 300_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the Go verifier without blocking this process's event loop: the server it reads is in this process. */
function verify(args: readonly string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(verifierBinary, args, { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => resolve({ ok: error === null, out: `${stdout}${stderr}` }));
  });
}

function listen(fetch: (request: Request, env: unknown) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

/** A fresh file name in `dir`: both databases' suites share the work directory. */
let files = 0;
const fileIn = (dir: string, name: string) => join(dir, `${++files}-${name}`);

const closed = (server: ServerType | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

describe.each(databasesUnderTest())('the live log, checked by Go\'s sumdb/tlog over HTTP, on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let live: { server: ServerType; url: string };
  let proxy: { server: ServerType; url: string };
  /** What the proxy in front of the app changes: one byte of the answer to paths starting with `path`. */
  let tamper: { path: string; at: (length: number) => number } | null = null;
  let code = '';
  let older = '';
  const paths = { older: '' };

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx, { log: { origin: ORIGIN, signer } }));
    live = await listen(api.app.fetch);
    proxy = await listen(async (request, env) => {
      const response = await api.app.fetch(request, env);
      const change = tamper;
      if (change === null || response.status !== 200 || !new URL(request.url).pathname.startsWith(change.path)) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      const at = change.at(bytes.length);
      bytes[at] = bytes[at]! ^ 1;
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      return new Response(bytes, { status: 200, headers });
    });

    const pushed = async (seed: number) => {
      const response = await api.app.request('/api/v1/packages', json({ package: await fx.packaged(SCHOOLS.a, seed) }, bearer(api.tokens.a)));
      expect(response.status).toBe(201);
      return ((await response.json()) as { lookupCode: string }).lookupCode;
    };
    code = await pushed(401);
    const recalled = await pushed(402);
    const copied = await pushed(403);
    expect((await api.app.request(`/api/v1/records/${recalled}/recall`, json({ reason: 'Nhập sai điểm' }, bearer(api.tokens.a)))).status).toBe(200);
    expect((await api.app.request(`/api/v1/records/${copied}/pdf`)).status).toBe(200); // a copy issued: its entry
    expect(await api.registry.log.integrate()).not.toBeNull();
    older = await (await api.app.request('/log/checkpoint')).text();
    paths.older = fileIn(work, 'older.checkpoint');
    writeFileSync(paths.older, older);
    await pushed(404);
    await pushed(405);
    expect(await api.registry.log.integrate()).not.toBeNull();
  }, 120_000);
  afterAll(async () => {
    await closed(live?.server);
    await closed(proxy?.server);
    await database?.close();
  });

  const head = async () => openCheckpoint(await (await fetch(`${live.url}/log/checkpoint`)).text(), verifier, ORIGIN);
  const proofFile = async (name: string, change: (text: string) => string = (text) => text) => {
    const response = await fetch(`${live.url}/api/v1/records/${code}/proof?format=tlog-proof`);
    expect(response.status).toBe(200);
    const path = fileIn(work, `${name}.tlog-proof`);
    writeFileSync(path, change(await response.text()));
    return path;
  };

  it('accepts the served key, the checkpoint, every tile and entry, a record\'s acceptance proof and consistency with an older checkpoint', async () => {
    const { size } = await head();
    const oldSize = openCheckpoint(older, verifier, ORIGIN).size;
    expect(oldSize).toBeGreaterThan(0);
    expect(oldSize).toBeLessThan(size);
    const { entries } = (await (await fetch(`${live.url}/api/v1/records/${code}/proof`)).json()) as { entries: Array<{ index: number; kind: string }> };
    const accepted = entries.find((entry) => entry.kind === 'accepted')!;
    const result = await verify(['-proof', await proofFile('good'), '-old', paths.older, live.url, '-', ORIGIN]);
    expect(result.out).toContain(`key: ${signer.verifierKey}\n`);
    expect(result.out).toContain(`checkpoint ${size} entries`);
    expect(result.out).toContain(`proof: entry ${accepted.index} is in the tree of ${size}\n`);
    expect(result.out).toContain('entry: hocba-log/v1 accepted\n');
    expect(result.out).toContain(`consistency: the tree of ${oldSize} is a prefix of the tree of ${size}\n`);
    expect(result.ok).toBe(true);
  });

  it('accepts the proof a PDF copy carries: pdfdetach saves the file the proof route serves, and Go\'s verifier checks it against the live log', async () => {
    const { size } = await head();
    const pdf = await fetch(`${live.url}/api/v1/records/${code}/pdf`);
    expect(pdf.status).toBe(200);
    const attached = pdfAttachments(new Uint8Array(await pdf.arrayBuffer()));
    const served = await (await fetch(`${live.url}/api/v1/records/${code}/proof?format=tlog-proof`)).text();
    expect([...attached.keys()]).toEqual([`hoc-ba-${code}.tlog-proof`]);
    expect(attached.get(`hoc-ba-${code}.tlog-proof`)!.toString('utf8')).toBe(served);
    const path = fileIn(work, 'from-copy.tlog-proof');
    writeFileSync(path, attached.get(`hoc-ba-${code}.tlog-proof`)!);
    const result = await verify(['-proof', path, live.url, signer.verifierKey, ORIGIN]);
    expect(result.out).toMatch(new RegExp(`proof: entry \\d+ is in the tree of ${size}\n`));
    expect(result.out).toContain('entry: hocba-log/v1 accepted\n');
    expect(result.ok).toBe(true);
  });

  it('refuses a hash tile changed by one byte on the way', async () => {
    tamper = { path: '/log/tile/0/', at: (length) => length - 5 };
    const result = await verify([proxy.url, signer.verifierKey, ORIGIN]);
    tamper = null;
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/verifier: tiles:/);
  });

  it('refuses an entry bundle changed by one byte on the way', async () => {
    const { size } = await head();
    tamper = { path: '/log/tile/entries/', at: (length) => length - 3 }; // inside the last entry's text
    const result = await verify([proxy.url, signer.verifierKey, ORIGIN]);
    tamper = null;
    expect(result.ok).toBe(false);
    expect(result.out).toContain(`verifier: entry ${size - 1} does not hash to its leaf`);
  });

  it('refuses a checkpoint changed by one byte on the way', async () => {
    tamper = { path: '/log/checkpoint', at: () => ORIGIN.length + 1 }; // the first digit of the size
    const result = await verify([proxy.url, signer.verifierKey, ORIGIN]);
    tamper = null;
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/verifier: checkpoint http:\/\/127\.0\.0\.1:\d+\/log\/checkpoint: invalid signature/);
  });

  it('refuses a record\'s proof whose entry (extra) was swapped for another', async () => {
    const other = Buffer.from(entryText('accepted', { code, school: SCHOOLS.a.code, year: fx.schoolYear, 'xml-sha256': '0'.repeat(64) })).toString('base64');
    const swapped = await proofFile('swapped', (text) => {
      expect(text).toMatch(/^extra /m);
      return text.replace(/^extra .*$/m, `extra ${other}`);
    });
    const result = await verify(['-proof', swapped, live.url, signer.verifierKey, ORIGIN]);
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/verifier: proof: /);
    expect(result.out).not.toContain('entry: hocba-log/v1 accepted');
  });

  it('refuses a proof under a checkpoint the log does not extend (a forked tree signed by the same key)', async () => {
    // A one-entry tree holding a made-up acceptance: its proof checks (the root is the leaf), its checkpoint is signed
    // by the log's own key, but the served log never held that tree.
    const entry = Buffer.from(entryText('accepted', { code, school: SCHOOLS.a.code, year: fx.schoolYear, 'xml-sha256': '1'.repeat(64) }));
    const fork = signCheckpoint({ origin: ORIGIN, size: 1, root: leafHash(entry) }, signer);
    const path = fileIn(work, 'fork.tlog-proof');
    writeFileSync(path, formatProof({ index: 0, path: [], checkpoint: fork, extra: entry }));
    const result = await verify(['-proof', path, live.url, signer.verifierKey, ORIGIN]);
    expect(result.ok).toBe(false);
    // Refused after tlog.CheckRecord accepted the proof on its own: its tree is not a prefix of the served log's.
    expect(result.out).toMatch(/verifier: the proof's checkpoint is not a prefix of the log's: /);
    expect(result.out).not.toContain('proof: entry');
  });

  it('refuses the log under another key', async () => {
    const result = await verify([live.url, generateNoteKey(ORIGIN).signer.verifierKey, ORIGIN]);
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/verifier: checkpoint .*no verifiable signatures/);
  });
});
