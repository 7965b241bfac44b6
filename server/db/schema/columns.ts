/**
 * Column helpers shared by every table module of the schema (server/db/schema/). Times are timestamptz; ids are random
 * UUIDs made by the application.
 */
import { type AnyPgColumn, customType, text, timestamp } from 'drizzle-orm/pg-core';

/** bytea: postgres.js returns a Buffer; it comes out as a plain Uint8Array (a view, no copy). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) =>
    value instanceof Uint8Array && value.constructor !== Uint8Array
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : value
});

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const tz = (name: string) => timestamp(name, { withTimezone: true });
export const updatedAt = () => tz('updated_at').notNull().defaultNow();
/** A required link to another table's row: deleting that row deletes this one. */
export const ownedBy = (name: string, target: () => AnyPgColumn) => text(name).notNull().references(target, { onDelete: 'cascade' });
/** The same link as this table's primary key: at most one row per parent row. */
export const ownedKey = (name: string, target: () => AnyPgColumn) => text(name).primaryKey().references(target, { onDelete: 'cascade' });
