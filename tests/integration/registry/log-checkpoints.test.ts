// The transparency log's checkpoints as the operator console lists them (issue 20), on PGlite and PostgreSQL: newest
// first, each with the size and root hash its signed note commits to (checked by opening the note with the key),
// filtered by Vietnam calendar days like the journal, and paged by size without gaps or repeats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { openCheckpoint } from '../../../api/log/checkpoint.ts';
import { generateNoteKey, parseVerifierKey } from '../../../api/log/note.ts';
import { appendLogEntries, integratePending } from '../../../api/registry/log-store.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import type { TransparencyLog } from '../../../api/registry/transparency-log.ts';
import { databasesUnderTest } from '../../helpers/database.ts';

const ORIGIN = 'hocba.console.example.vn/log';
const { signer } = generateNoteKey(ORIGIN);
const verifier = parseVerifierKey(signer.verifierKey);
const identity = { origin: ORIGIN, signer };
const body = (i: number) => `hocba-log/v1\naccept ${i.toString(16).toUpperCase().padStart(32, '0')}\n`;
/** Four sequencer turns of 3 entries at most over 10 entries: sizes 3, 6, 9, 10, signed at these instants. */
const TURNS = [
  new Date('2026-06-01T02:00:00Z'), // 1/6 09:00 in Vietnam
  new Date('2026-06-01T16:30:00Z'), // 1/6 23:30
  new Date('2026-06-01T17:30:00Z'), // 2/6 00:30: the next Vietnam day, though the same UTC day
  new Date('2026-06-03T04:00:00Z'), // 3/6 11:00
];

describe.each(databasesUnderTest())('the log checkpoints page on $name', ({ open }) => {
  let database: Database;
  let log: TransparencyLog;

  beforeAll(async () => {
    database = await open();
    log = wireRegistry(database, { log: identity }).registry.log;
    expect((await log.checkpoints({})).checkpoints).toEqual([]);
    await database.db.transaction((tx) => appendLogEntries(tx, Array.from({ length: 10 }, (_, i) => ({ body: body(i), subject: `S${i}`, at: TURNS[0]! }))));
    for (const at of TURNS) expect(await integratePending(database.db, identity, at, 3)).not.toBeNull();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists every checkpoint newest first with the size and root hash its signed note commits to', async () => {
    const page = await log.checkpoints({});
    expect(page.checkpoints.map((row) => [row.size, row.entries, row.at.toISOString()])).toEqual([
      [10, 1, TURNS[3]!.toISOString()], [9, 3, TURNS[2]!.toISOString()], [6, 3, TURNS[1]!.toISOString()], [3, 3, TURNS[0]!.toISOString()],
    ]);
    expect(page.next).toBeNull();
    const notes = await database.query<{ size: number; note: string; key_id: string }>('select size::int as size, note, key_id from log_checkpoints order by size desc');
    for (const [i, row] of page.checkpoints.entries()) {
      const opened = openCheckpoint(notes[i]!.note, verifier, ORIGIN);
      expect([row.size, row.rootHash, row.keyId]).toEqual([opened.size, Buffer.from(opened.root).toString('base64'), notes[i]!.key_id]);
    }
  });

  it('filters by Vietnam calendar days, both ends included', async () => {
    const sizes = async (query: { from?: string; to?: string }) => (await log.checkpoints(query)).checkpoints.map((row) => row.size);
    expect(await sizes({ from: '2026-06-01', to: '2026-06-01' })).toEqual([6, 3]);
    expect(await sizes({ from: '2026-06-02', to: '2026-06-02' })).toEqual([9]);
    expect(await sizes({ from: '2026-06-02' })).toEqual([10, 9]);
    expect(await sizes({ to: '2026-06-02' })).toEqual([9, 6, 3]);
    expect(await sizes({ from: '2026-06-04' })).toEqual([]);
  });

  it('pages by size, each checkpoint once', async () => {
    const seen: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await log.checkpoints({ limit: 3, ...(before === undefined ? {} : { before }) });
      seen.push(...page.checkpoints.map((row) => row.size));
      if (page.next === null) break;
      before = page.next;
    }
    expect(seen).toEqual([10, 9, 6, 3]);
    expect((await log.checkpoints({ limit: 2, from: '2026-06-01', to: '2026-06-02' })).next).toBe(6);
  });
});
