// Multi-row INSERTs of the ingest write path, built without drizzle's query builder: it walks every value of a
// statement through its generic SQL chunks, ≈ 80 µs a row for `records` (21 columns), a fifth of the event loop's
// work per package at 400 packages/s (issue 14). The statement is the one drizzle writes for `insert(table)
// .values(rows)`: the same columns, `default` for a value left out, each value through its column's own
// mapToDriverValue, and it still goes through the drizzle session (its logger; PGlite and PostgreSQL alike).
import { getTableColumns, getTableName, type InferInsertModel } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client.ts';

export interface InsertRowsOptions<R extends Record<string, PgColumn>> {
  /** `ON CONFLICT (column) DO NOTHING`: a row whose key is taken is skipped (and not returned). */
  readonly onConflictDoNothing?: PgColumn;
  /** Columns to give back for each inserted row, under these keys, mapped as drizzle maps a select. */
  readonly returning?: R;
}

export type Returned<R extends Record<string, PgColumn>> = { [K in keyof R]: R[K]['_']['notNull'] extends true ? R[K]['_']['data'] : R[K]['_']['data'] | null };

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Inserts `rows` in one statement; with `returning`, the inserted rows' columns (in the order PostgreSQL gives them). */
export async function insertRows<T extends PgTable, R extends Record<string, PgColumn> = Record<string, never>>(
  tx: Tx, table: T, rows: readonly InferInsertModel<T>[], options: InsertRowsOptions<R> = {},
): Promise<Returned<R>[]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)) as Array<[string, PgColumn]>;
  // Every column any row sets; a row without it gets the column's default, as drizzle writes it.
  const used = columns.filter(([key]) => rows.some((row) => (row as Record<string, unknown>)[key] !== undefined));
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${used.map(([key, column]) => {
    const value = (row as Record<string, unknown>)[key];
    if (value === undefined) return 'default';
    params.push(value === null ? null : column.mapToDriverValue(value));
    return `$${params.length}`;
  }).join(', ')})`);
  const returning = Object.entries(options.returning ?? {});
  const text = `insert into ${quote(getTableName(table))} (${used.map(([, column]) => quote(column.name)).join(', ')}) values ${tuples.join(', ')}`
    + (options.onConflictDoNothing ? ` on conflict (${quote(options.onConflictDoNothing.name)}) do nothing` : '')
    + (returning.length > 0 ? ` returning ${returning.map(([, column]) => quote(column.name)).join(', ')}` : '');
  const result = await tx._.session.prepareQuery({ sql: text, params }, undefined, undefined, false).execute() as { rows: Array<Record<string, unknown>> };
  if (returning.length === 0) return [];
  return result.rows.map((row) => Object.fromEntries(returning.map(([key, column]) => {
    const value = row[column.name];
    return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
  })) as Returned<R>);
}
