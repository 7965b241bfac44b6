/**
 * The one database schema, one module per area. Migrations in drizzle/ are generated from it with
 * `npm run db:generate` (drizzle.config.ts points here). Everything that imports '../db/schema' sees every table.
 */
export { bytea } from './columns';
export * from './accounts';
export * from './groups';
export * from './sessions';
export * from './calendar';
export * from './audit';
export * from './documents';
export * from './rooms';
export * from './notes';
export * from './worksheets';
export * from './measures';
