/** How a measure schedule's timing reads on the pages. */
import type { MeasureTiming } from '$lib/core/measures';

export const TIMING_LABELS: Record<MeasureTiming, string> = {
  session_start: 'At the start of each session',
  homework: 'As homework before each session'
};
