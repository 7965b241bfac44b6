/**
 * A worksheet document's answers and progress as Svelte state: read with the model (readWorksheet), again after every
 * local or remote change. Writes go through the model's functions on `doc` and are refused with its message.
 */
import type * as Y from 'yjs';
import { observeWorksheet, readWorksheet } from '$lib/core/worksheet/doc';
import type { Template } from '$lib/core/worksheet/template';
import { worksheetProgress, type Progress, type ValueProblem, type WorksheetValues } from '$lib/core/worksheet/values';

export class LiveWorksheet {
  values = $state.raw<WorksheetValues>({});
  problems = $state.raw<ValueProblem[]>([]);
  progress = $state.raw<Progress>({ answered: 0, total: 0, sections: [] });
  /** When the last change arrived (local or remote), for "last activity" in the overview. */
  lastChange = $state<Date | null>(null);
  #stop: () => void;

  /** `arrived` says whether the stored copy has loaded: changes before that are loading, not activity. */
  constructor(
    readonly doc: Y.Doc,
    readonly template: Template,
    arrived: () => boolean = () => true
  ) {
    this.#read(false);
    this.#stop = observeWorksheet(doc, () => this.#read(arrived()));
  }

  #read(changed: boolean): void {
    const { values, problems } = readWorksheet(this.doc, this.template);
    this.values = values;
    this.problems = problems;
    this.progress = worksheetProgress(this.template, values);
    if (changed) this.lastChange = new Date();
  }

  destroy(): void {
    this.#stop();
  }
}

/** "3 of 7", and a percentage for a progress bar. */
export function progressText(progress: Progress): { label: string; percent: number } {
  const percent = progress.total === 0 ? 0 : Math.round((progress.answered / progress.total) * 100);
  return { label: `${progress.answered} of ${progress.total}`, percent };
}
