// The whole drizzle schema, one file per aggregate; drizzle-kit generates db/migrations from it.
export * from './schools.ts';
export * from './trust.ts';
export * from './records.ts';
export * from './events.ts';
export * from './settings.ts';
export * from './operators.ts';
export * from './log.ts';
export * from './access-log.ts';
export * from './transfers.ts';
export * from './forwarding.ts';
