// Exact bytes through both drivers (issue 14): PGlite's bytea goes through our codec (db/client.ts pgliteBytea:
// parameters as binary, results through Node's hex codec), PostgreSQL's through node-postgres. Every byte value, an empty value and 1 MiB of random bytes go in
// as parameters and come back identical (on PGlite, through our codec: its calls are counted); the server itself agrees on the bytes (its own sha256 and length of what we
// sent equal ours); and a value read back owns its memory (not a view into Node's shared Buffer pool).
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pgliteBytea, type Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';

const every = Uint8Array.from({ length: 256 }, (_, at) => at);
const large = new Uint8Array(randomBytes(256 * 1024));
const offset = large.subarray(1000, 1100); // a view with a byteOffset: only its 100 bytes may be sent

describe.each(databasesUnderTest())('bytea parameters and results on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each([['every byte value', every], ['nothing', new Uint8Array(0)], ['256 KiB of random bytes', large], ['a view inside a larger buffer', offset]])('sends and reads back %s exactly', async (_, bytes) => {
    const serialize = vi.spyOn(pgliteBytea, 'serialize');
    const parse = vi.spyOn(pgliteBytea, 'parse');
    const [row] = await database.query<{ back: Uint8Array; digest: string; length: number }>(
      "select $1::bytea as back, encode(sha256($1::bytea), 'hex') as digest, length($1::bytea) as length", [bytes],
    );
    expect(row!.length).toBe(bytes.length);
    expect(row!.digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(Buffer.from(row!.back).equals(Buffer.from(bytes))).toBe(true);
    // PGlite: the one parameter went through our serializer and the one bytea result through our parser.
    expect([serialize.mock.calls.length, parse.mock.calls.length]).toEqual(database.driver === 'pglite' ? [1, 1] : [0, 0]);
    serialize.mockRestore();
    parse.mockRestore();
  });
});

describe('the PGlite bytea codec', () => {
  it('hands a parameter over as its bytes (PGlite binds an ArrayBuffer view in binary) and reads hex into a buffer of its own', () => {
    const bytes = Uint8Array.of(0, 0x7f, 0xff);
    expect(pgliteBytea.serialize(bytes)).toBe(bytes);
    const parsed = pgliteBytea.parse('\\x00ff10');
    expect([...parsed]).toEqual([0, 0xff, 0x10]);
    expect(parsed.buffer.byteLength).toBe(3);
    expect(() => pgliteBytea.serialize('00ff')).toThrow('bytea parameter must be a Uint8Array');
  });
});
