// Every table's rows as PostgreSQL's own JSON text, in key order: two databases hold the same data exactly
// when these dumps are equal (bytea, jsonb, timestamps and ids included).
import { TABLES } from '../../../api/registry/backup-format.ts';
import type { Database } from '../../../db/client.ts';

export async function dumpTables(database: Database): Promise<Record<string, string[]>> {
  await database.query(`set timezone to 'UTC'`);
  const dump: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await database.query<{ row: string }>(`select to_jsonb(t)::text as row from "${table.name}" t order by t."${table.key}"`);
    dump[table.name] = rows.map((row) => row.row);
  }
  return dump;
}

export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await database.query<{ n: number }>(`select count(*)::int as n from "${table.name}"`);
    counts[table.name] = row!.n;
  }
  return counts;
}
