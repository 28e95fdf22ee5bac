// db/: the schema per aggregate and the connection; only api/registry (and operator tools) import it.
export * from './schema/index.ts';
export { MIGRATIONS_FOLDER, openDatabase, rowsOf, SchemaNotCurrentError } from './client.ts';
export type { Database, Db, OpenOptions, ReadReplica, Schema, Tx } from './client.ts';
