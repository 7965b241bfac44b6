/** Group progress notes: content model, keys and the API's shapes. Import from here. */
export * from './content';
export * from './keys';
export * from './api';
export * from './signing';
