/** PHQ-9 and GAD-7: the instruments, their scoring and what the measures API accepts. Import from here. */
export * from './instruments';
export * from './scoring';
export * from './schema';
export * from './follow-up';
export * from './due';
export * from './trends';
