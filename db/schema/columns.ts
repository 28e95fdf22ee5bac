// Column types shared by every aggregate: exact bytes (bytea) and time instants with their zone.
import { customType, timestamp } from 'drizzle-orm/pg-core';

// drizzle 0.45 has no bytea builtin. node-postgres hands back a Buffer, PGlite a Uint8Array:
// both are normalised to a plain Uint8Array view so callers see one type.
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return 'bytea';
  },
  toDriver(value) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
  fromDriver(value) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  },
});

/** A point in time; stored with its zone so PGlite and PostgreSQL agree whatever the server's TimeZone. */
export function instant(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
}
