// The transparency log in the database (PGlite and PostgreSQL): entries written in their state change's
// transaction, integrated by one sequencer at a time into a tree that never forks, served as tiles that match
// the tree computed in memory, with proofs that verify — and entries of a rolled-back change never appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { openCheckpoint, parseProof } from '../../../api/log/checkpoint.ts';
import { appendLeaves, foldRange, leafHash, verifyInclusion } from '../../../api/log/merkle.ts';
import { generateNoteKey, parseVerifierKey } from '../../../api/log/note.ts';
import { readTile, tilesOf } from '../../../api/log/tiles.ts';
import { appendLogEntries, integratePending, latestCheckpoint, proofsFor, tileSource } from '../../../api/registry/log-store.ts';
import { databasesUnderTest, sqlStateOf } from '../../helpers/database.ts';

const ORIGIN = 'hocba.example/log';
const { signer } = generateNoteKey(ORIGIN);
const verifier = parseVerifierKey(signer.verifierKey);
const log = { origin: ORIGIN, signer };
const at = new Date('2026-12-03T08:00:00Z');
const body = (i: number) => `hocba-log/v1\naccept ${i.toString(16).toUpperCase().padStart(32, '0')}\n`;

describe.each(databasesUnderTest())('the log store on $name', ({ name, open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('integrates pending entries in order, in batches, and signs a checkpoint of each new size', async () => {
    await database.db.transaction((tx) => appendLogEntries(tx, Array.from({ length: 300 }, (_, i) => ({ body: body(i), subject: `S${i % 7}`, at }))));
    const first = await integratePending(database.db, log, at, 256);
    expect(first).toMatchObject({ size: 256, added: 256 });
    const second = await integratePending(database.db, log, at, 256);
    expect(second).toMatchObject({ size: 300, added: 44 });
    expect(await integratePending(database.db, log, at)).toBeNull();
    const checkpoint = openCheckpoint((await latestCheckpoint(database.db))!.note, verifier, ORIGIN);
    const inMemory = appendLeaves([], 0, Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(body(i)))));
    expect(checkpoint.size).toBe(300);
    expect(Buffer.from(checkpoint.root).toString('hex')).toBe(Buffer.from(foldRange(inMemory.frontier.map((node) => node.hash))).toString('hex'));
  });

  it('serves every tile of the checkpointed tree exactly as the tree computed in memory', async () => {
    const inMemory = appendLeaves([], 0, Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(body(i)))));
    const nodes = new Map(inMemory.nodes.map((node) => [`${node.level}/${node.index}`, node.hash]));
    const memory = {
      readNodes: async (ids: readonly { level: number; index: number }[]) => ids.map((id) => nodes.get(`${id.level}/${id.index}`)!),
      readEntries: async (start: number, end: number) => Array.from({ length: end - start }, (_, i) => Buffer.from(body(start + i))),
    };
    const tiles = tilesOf(300);
    expect(tiles.map((tile) => `${tile.level}/${tile.index}.${tile.width}`)).toEqual(['0/0.256', '0/1.44', '1/0.1', 'entries/0.256', 'entries/1.44']);
    for (const tile of tiles) {
      expect(Buffer.from((await readTile(tile, 300, tileSource(database.db)))!).toString('hex')).toBe(Buffer.from((await readTile(tile, 300, memory))!).toString('hex'));
    }
    expect(await readTile({ level: 0, index: 1, width: 45 }, 300, tileSource(database.db))).toBeNull();
  });

  it('gives a tlog-proof for each entry about a subject, which verifies against the signed checkpoint', async () => {
    const proofs = await proofsFor(database.db, 'S3', (await latestCheckpoint(database.db))!);
    expect(proofs.map((proof) => proof.index)).toEqual(Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 7 === 3));
    for (const { index, body: text, proof } of proofs) {
      const parsed = parseProof(proof);
      const checkpoint = openCheckpoint(parsed.checkpoint, verifier, ORIGIN);
      expect(verifyInclusion(leafHash(Buffer.from(text)), index, checkpoint.size, parsed.path, checkpoint.root)).toBe(true);
    }
  });

  it('never logs the entry of a state change that rolled back', async () => {
    await expect(database.db.transaction(async (tx) => {
      await appendLogEntries(tx, [{ body: body(999), subject: 'rolled-back', at }]);
      throw new Error('the state change failed');
    })).rejects.toThrow('the state change failed');
    expect(await integratePending(database.db, log, at)).toBeNull();
    expect(await proofsFor(database.db, 'rolled-back', (await latestCheckpoint(database.db))!)).toEqual([]);
  });

  it('refuses to change or delete an integrated entry, node or checkpoint', async () => {
    for (const statement of ['update log_entries set subject = null', 'delete from log_nodes', 'update log_checkpoints set note = \'x\'', 'truncate log_entries']) {
      let state: string | undefined;
      try {
        await database.query(statement);
      } catch (error) {
        state = sqlStateOf(error);
      }
      expect(state, statement).toBe('HB001');
    }
  });

  if (name === 'postgres') {
    it('keeps one tree when several sequencers run at once (one turn at a time, the others step aside)', async () => {
      await database.db.transaction((tx) => appendLogEntries(tx, Array.from({ length: 500 }, (_, i) => ({ body: body(1000 + i), subject: null, at }))));
      const turns = await Promise.all(Array.from({ length: 4 }, () => integratePending(database.db, log, at, 100)));
      let rounds = 0;
      while (await integratePending(database.db, log, at, 100)) rounds += 1;
      expect(turns.filter((turn) => turn !== null).length + rounds).toBeGreaterThanOrEqual(5);
      const checkpoint = openCheckpoint((await latestCheckpoint(database.db))!.note, verifier, ORIGIN);
      expect(checkpoint.size).toBe(800);
      const all = [...Array.from({ length: 300 }, (_, i) => body(i)), ...Array.from({ length: 500 }, (_, i) => body(1000 + i))];
      const inMemory = appendLeaves([], 0, all.map((text) => leafHash(Buffer.from(text))));
      expect(Buffer.from(checkpoint.root).toString('hex')).toBe(Buffer.from(foldRange(inMemory.frontier.map((node) => node.hash))).toString('hex'));
    });
  }
});
