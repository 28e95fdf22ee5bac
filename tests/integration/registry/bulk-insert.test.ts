// db/bulk-insert.ts writes the ingest path's multi-row INSERTs without drizzle's query builder (issue 14). What it
// stores and returns must be exactly what drizzle's own insert stores and returns, on both drivers: every column
// type the write path uses (text, integer, boolean, jsonb, bytea, instants), nulls, defaults for values left out,
// ON CONFLICT DO NOTHING and RETURNING mapped to JavaScript values.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../../db/bulk-insert.ts';
import type { Database } from '../../../db/client.ts';
import { logPending, records, schools, submissions } from '../../../db/schema/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';

const at = new Date('2026-06-01T08:09:10.123Z');
const submissionRows = (tag: string) => [
  // An accepted one: no errors (left out: the column's default, null), a receipt.
  { lookupCode: `${tag}1`, schoolCode: '79000001', digest: 'a'.repeat(64), status: 'accepted', receiptId: `${tag}-r1`, receivedAt: at },
  // A refused one: errors as jsonb with Vietnamese text and a quote, no receipt (null), a grade and year.
  {
    lookupCode: null, schoolCode: '79000001', digest: 'b'.repeat(64), status: 'rejected', receivedAt: at, receiptId: null,
    errors: [{ code: 'text_not_nfc', message: 'Họ tên "Nguyễn" chưa ở dạng NFC' }], grade: 12, schoolYear: '2025-2026',
  },
];

function recordRow(lookupCode: string, receiptId: string) {
  return {
    lookupCode, schoolCode: '79000001', schoolYear: '2025-2026', grade: 12, level: 'THPT', studentCode: 'HS0001', personalIdLast4: null,
    studentName: 'Nguyễn Thị Ánh', package: Buffer.from([0, 1, 2, 255, 254, 0x5c, 0x78]), digest: 'c'.repeat(64),
    report: { verdict: 'valid', issues: [], nested: { text: 'Đạt', quote: '"\\' } }, receiptId, receivedAt: at, replaces: null, supplementary: true,
  };
}

describe.each(databasesUnderTest())('multi-row inserts without the query builder on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
    await database.db.insert(schools).values({ code: '79000001', name: 'THPT Lê Quý Đôn', provinceCode: '79', createdAt: at });
  });
  afterAll(() => database?.close());

  it('stores every column exactly as drizzle’s insert of the same rows does', async () => {
    await database.db.transaction(async (tx) => {
      await tx.insert(submissions).values(submissionRows('D'));
      await insertRows(tx, submissions, submissionRows('B'));
    });
    const stored = await database.db.select().from(submissions).orderBy(asc(submissions.id));
    const withoutId = stored.map(({ id: _id, lookupCode, receiptId, ...rest }) => ({ ...rest, lookupCode: lookupCode?.slice(1) ?? null, receiptId: receiptId?.slice(1) ?? null }));
    expect(withoutId).toHaveLength(4);
    expect(withoutId.slice(2)).toEqual(withoutId.slice(0, 2));
    expect(withoutId[1]!.errors).toEqual(submissionRows('x')[1]!.errors);
    expect(withoutId[0]!.grade).toBeNull();
  });

  it('returns the inserted rows’ columns as drizzle maps them, skips a taken key, and gives the left-out column its default', async () => {
    const returning = { receiptId: records.receiptId, receivedAt: records.receivedAt, status: records.status, package: records.package };
    const codes = ['A'.repeat(32), 'B'.repeat(32)];
    const first = await database.db.transaction((tx) => insertRows(tx, records, [recordRow(codes[0]!, 'r-a')], { onConflictDoNothing: records.lookupCode, returning }));
    const again = await database.db.transaction((tx) => insertRows(tx, records, [recordRow(codes[0]!, 'r-a2'), recordRow(codes[1]!, 'r-b')], {
      onConflictDoNothing: records.lookupCode, returning,
    }));
    expect(first).toEqual([{ receiptId: 'r-a', receivedAt: at, status: 'valid', package: new Uint8Array([0, 1, 2, 255, 254, 0x5c, 0x78]) }]);
    expect(first[0]!.receivedAt).toBeInstanceOf(Date);
    expect(again.map((row) => row.receiptId)).toEqual(['r-b']);
    const [viaDrizzle] = await database.db.select().from(records).where(eq(records.lookupCode, codes[1]!));
    expect(viaDrizzle).toMatchObject({ ...recordRow(codes[1]!, 'r-b'), package: new Uint8Array(recordRow('', '').package), status: 'valid', recalledAt: null });
  });

  it('takes values only as bind parameters: SQL in a value is stored as text, never run (SECURITY D73)', async () => {
    const hostile = `Nguyễn'); delete from records; insert into records (lookup_code) values ('X'); --`;
    const code = 'C'.repeat(32);
    await database.db.transaction((tx) => insertRows(tx, records, [{ ...recordRow(code, 'r-c'), studentName: hostile, studentCode: "HS' or '1'='1" }]));
    const [row] = await database.db.select().from(records).where(eq(records.lookupCode, code));
    expect([row!.studentName, row!.studentCode]).toEqual([hostile, "HS' or '1'='1"]);
    expect((await database.db.select().from(records)).length).toBe(3);
  });

  it('writes bytes exactly, and writes nothing for no rows', async () => {
    const body = Buffer.from('accepted\ncode ĐẠT\n', 'utf8');
    await database.db.transaction(async (tx) => {
      expect(await insertRows(tx, logPending, [])).toEqual([]);
      await insertRows(tx, logPending, [{ body, subject: null, at }]);
    });
    const rows = await database.db.select().from(logPending);
    expect(rows.map((row) => ({ body: Buffer.from(row.body).toString('utf8'), subject: row.subject, at: row.at }))).toEqual([{ body: body.toString('utf8'), subject: null, at }]);
  });
});
