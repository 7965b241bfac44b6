/** Worksheets: templates, answers, their Yjs documents, modes and exports. Pure; see each module for details. */
export * from './template';
export * from './template-schema';
export * from './values';
export * from './edit';
export * from './doc';
export * from './modes';
export * from './export';
export { BUILTIN_TEMPLATES, BUILTIN_TEMPLATE_IDS, builtinTemplate, SCALES, THINKING_TRAPS } from './builtins';
export { BUILTIN_EXAMPLES } from './builtins/examples';
