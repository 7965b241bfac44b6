/** Moved to $lib/api/worksheet-types (wire types live in src/lib/api); this re-export keeps existing imports working. */
export type * from '$lib/api/worksheet-types';
