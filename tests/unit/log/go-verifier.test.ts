// The log checked by an independent implementation, as xmlsec1 checks our signatures: Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-golang-x-mod-dev, GOPATH mode, no download) read a
// log exported as C2SP tlog-tiles files and accept it, its entry proof and its consistency with an older
// checkpoint — and refuse a tampered tile, entry bundle, checkpoint or proof.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProof, signCheckpoint } from '../../../api/log/checkpoint.ts';
import { appendLeaves, inclusionProof, leafHash, treeHash, type Hash, type NodeId, type NodeReader } from '../../../api/log/merkle.ts';
import { generateNoteKey } from '../../../api/log/note.ts';
import { readTile, tilePath, tilesOf, type TileSource } from '../../../api/log/tiles.ts';

const SOURCE = fileURLToPath(new URL('../../log-verifier/', import.meta.url));
const ORIGIN = 'hocba.example/log';
const SIZE = 70_000; // three tile levels: 273 full level-0 tiles, a partial of 112, level 1 of 256 + 17, level 2 of 1
const OLD_SIZE = 1_000;

let work: string;
let verifierBinary: string;
const { signer } = generateNoteKey(ORIGIN);
const entries = Array.from({ length: SIZE }, (_, i) => Buffer.from(`hocba-log/v1 accepted ${i.toString(16).padStart(32, '0')} school 01001001\n`));

function memoryLog(): TileSource {
  const nodes = new Map<string, Hash>();
  const appended = appendLeaves([], 0, entries.map((entry) => leafHash(entry)));
  for (const node of appended.nodes) nodes.set(`${node.level}/${node.index}`, node.hash);
  const readNodes: NodeReader = async (ids: readonly NodeId[]) => ids.map((id) => nodes.get(`${id.level}/${id.index}`)!);
  return { readNodes, readEntries: async (start, end) => entries.slice(start, end) };
}

async function exportLog(dir: string, source: TileSource, size: number): Promise<void> {
  for (const tile of tilesOf(size)) {
    const bytes = await readTile(tile, size, source);
    const path = join(dir, tilePath(tile));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes!);
  }
  writeFileSync(join(dir, 'checkpoint'), signCheckpoint({ origin: ORIGIN, size, root: await treeHash(size, source.readNodes) }, signer));
}

function verify(dir: string, ...extra: string[]) {
  const run = spawnSync(verifierBinary, [...extra, dir, signer.verifierKey, ORIGIN], { encoding: 'utf8' });
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}` };
}

describe('the log, checked by Go\'s sumdb/tlog and sumdb/note', () => {
  const source = memoryLog();
  let log: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hocba-log-'));
    verifierBinary = join(work, 'verifier');
    const build = spawnSync('go', ['build', '-o', verifierBinary, '.'], {
      cwd: SOURCE, encoding: 'utf8',
      env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(work, 'gocache') },
    });
    if (build.status !== 0) throw new Error(`go build failed (needs golang-go and golang-golang-x-mod-dev): ${build.stderr}`);
    log = join(work, 'log');
    await exportLog(log, source, SIZE);
    await exportLog(join(work, 'old'), source, OLD_SIZE);
    const index = 54_321;
    writeFileSync(join(work, 'entry'), entries[index]!);
    writeFileSync(join(work, 'proof'), formatProof({ index, path: await inclusionProof(index, SIZE, source.readNodes), checkpoint: readFileSync(join(log, 'checkpoint'), 'utf8') }));
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('accepts the checkpoint, every tile and entry, the proof of one entry, and consistency with an older checkpoint', () => {
    const result = verify(log, '-proof', join(work, 'proof'), '-entry', join(work, 'entry'), '-old', join(work, 'old', 'checkpoint'));
    expect(result.out).toContain(`checkpoint ${SIZE} entries`);
    expect(result.out).toContain(`proof: entry 54321 is in the tree of ${SIZE}`);
    expect(result.out).toContain(`consistency: the tree of ${OLD_SIZE} is a prefix of the tree of ${SIZE}`);
    expect(result.ok).toBe(true);
  });

  const tampered = (name: string, change: (dir: string) => void) => {
    const dir = join(work, name);
    cpSync(log, dir, { recursive: true });
    change(dir);
    return dir;
  };
  const flipByte = (path: string, at: number) => {
    const bytes = readFileSync(path);
    bytes[at] = bytes[at]! ^ 1;
    writeFileSync(path, bytes);
  };

  it('refuses a tampered hash tile', () => {
    const result = verify(tampered('bad-tile', (dir) => flipByte(join(dir, 'tile/0/100'), 100)));
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/verifier: tiles:/);
  });

  it('refuses a tampered entry bundle', () => {
    const result = verify(tampered('bad-entry', (dir) => flipByte(join(dir, 'tile/entries/010'), 30)));
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/entry 25\d\d does not hash to its leaf/);
  });

  it('refuses a checkpoint whose text was changed after signing, or signed by another key', () => {
    const changed = verify(tampered('bad-checkpoint', (dir) => {
      const path = join(dir, 'checkpoint');
      writeFileSync(path, readFileSync(path, 'utf8').replace(`\n${SIZE}\n`, `\n${SIZE - 1}\n`));
    }));
    expect(changed.ok).toBe(false);
    expect(changed.out).toMatch(/checkpoint .*invalid signature/);
    const other = verify(tampered('other-key', (dir) => {
      writeFileSync(join(dir, 'checkpoint'), signCheckpoint({ origin: ORIGIN, size: 1, root: Buffer.alloc(32) }, generateNoteKey(ORIGIN).signer));
    }));
    expect(other.ok).toBe(false);
  });

  it('refuses a proof for another entry', () => {
    writeFileSync(join(work, 'other-entry'), Buffer.from('hocba-log/v1 accepted something else\n'));
    const result = verify(log, '-proof', join(work, 'proof'), '-entry', join(work, 'other-entry'));
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/proof:/);
  });
});
