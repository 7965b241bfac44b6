/** Client-side checks with the same zod schemas and messages the server uses. */
export { check, type Checked, type FieldErrors } from '$lib/core/validation';
