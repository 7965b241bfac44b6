/** The built-in template library: fifteen templates, in the order the template picker shows them. */
import type { Template } from '../template';
import { CBT_TEMPLATES } from './cbt';
import { DBT_TEMPLATES } from './dbt';
import { GENERAL_TEMPLATES } from './general';

export const BUILTIN_TEMPLATES: readonly Template[] = [...GENERAL_TEMPLATES, ...CBT_TEMPLATES, ...DBT_TEMPLATES];

export const BUILTIN_TEMPLATE_IDS = BUILTIN_TEMPLATES.map((t) => t.id);

export function builtinTemplate(id: string): Template | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.id === id);
}

export { THINKING_TRAPS } from './cbt';
export { SCALES } from './build';
