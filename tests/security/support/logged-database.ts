// A PGlite database whose drizzle instance logs every statement the application sends: the list of SQL
// paths the application has, for the immutability proof (tests/security/immutability.test.ts).
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER, type Database, type Db } from '../../../db/client.ts';
import * as schema from '../../../db/schema/index.ts';

export interface LoggedStatement {
  readonly sql: string;
  readonly params: unknown[];
}

export async function openLoggedDatabase(): Promise<Database & { readonly statements: LoggedStatement[] }> {
  const client = new PGlite();
  await client.waitReady;
  const statements: LoggedStatement[] = [];
  const db = drizzle(client, { schema, logger: { logQuery: (sql, params) => void statements.push({ sql, params }) } });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  statements.length = 0;
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrated: [],
    replicas: [],
    statements,
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query<T>(text, params)).rows;
    },
    close: () => client.close(),
  };
}
