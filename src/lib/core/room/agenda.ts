/**
 * The session's agenda: steps with a title, planned minutes and the tool they use; templates to start from; moving
 * through the steps. Step ids are given by the room (s1, s2, ...) so two facilitators editing at once never clash.
 */
import { AppError, conflict } from '../errors';
import type { Change } from './change';
import type { Agenda, AgendaStep, AgendaTool, RoomState } from './state';

export interface StepInput {
  title: string;
  plannedMinutes: number;
  tool: AgendaTool;
}

export const AGENDA_TEMPLATES = {
  cbt_group: {
    label: 'CBT group',
    steps: [
      { title: 'Check-in round', plannedMinutes: 10, tool: 'go_around' },
      { title: 'Homework review', plannedMinutes: 15, tool: 'open_queue' },
      { title: 'Skill teaching', plannedMinutes: 20, tool: 'board' },
      { title: 'Worksheet practice', plannedMinutes: 20, tool: 'worksheet' },
      { title: 'Homework', plannedMinutes: 10, tool: 'open_queue' },
      { title: 'Check-out round', plannedMinutes: 10, tool: 'go_around' }
    ]
  },
  dbt_skills_group: {
    label: 'DBT skills group',
    steps: [
      { title: 'Mindfulness', plannedMinutes: 10, tool: 'open_queue' },
      { title: 'Diary card review', plannedMinutes: 30, tool: 'go_around' },
      { title: 'Break', plannedMinutes: 10, tool: 'break' },
      { title: 'New skill', plannedMinutes: 30, tool: 'board' },
      { title: 'Homework', plannedMinutes: 10, tool: 'worksheet' }
    ]
  }
} as const satisfies Record<string, { label: string; steps: readonly StepInput[] }>;
export type AgendaTemplateId = keyof typeof AGENDA_TEMPLATES;
export const AGENDA_TEMPLATE_IDS = ['cbt_group', 'dbt_skills_group'] as const satisfies readonly AgendaTemplateId[];

export const MAX_AGENDA_STEPS = 30;

function newStep(agenda: Agenda, input: StepInput): AgendaStep {
  const id = `s${agenda.nextStepNumber++}`;
  return { id, title: input.title, plannedMinutes: input.plannedMinutes, tool: input.tool, status: 'upcoming', startedAt: null, spentMs: 0 };
}

function stepIndex(agenda: Agenda, stepId: string): number {
  const index = agenda.steps.findIndex((step) => step.id === stepId);
  if (index < 0) throw conflict('That agenda step no longer exists.');
  return index;
}

function requireRoomFor(agenda: Agenda, count: number): void {
  if (agenda.steps.length + count > MAX_AGENDA_STEPS) throw conflict(`An agenda can have at most ${MAX_AGENDA_STEPS} steps.`);
}

function hasStarted(agenda: Agenda): boolean {
  return agenda.steps.some((step) => step.startedAt !== null);
}

/** Replaces the plan, or appends to it. Replacing is refused once the group has started a step (it is a record). */
export function setAgenda(draft: RoomState, inputs: readonly StepInput[], mode: 'replace' | 'append' = 'replace'): void {
  const agenda = draft.agenda;
  if (mode === 'replace') {
    if (hasStarted(agenda)) throw conflict('The agenda has started. Add, change or remove steps one by one instead.');
    agenda.steps = [];
  }
  requireRoomFor(agenda, inputs.length);
  for (const input of inputs) agenda.steps.push(newStep(agenda, input));
}

export function applyTemplate(draft: RoomState, template: AgendaTemplateId, mode: 'replace' | 'append' = 'replace'): void {
  setAgenda(draft, AGENDA_TEMPLATES[template].steps, mode);
}

/** Adds a step at `index` (default: at the end). */
export function addStep(draft: RoomState, input: StepInput, index?: number): void {
  const agenda = draft.agenda;
  requireRoomFor(agenda, 1);
  const at = index === undefined ? agenda.steps.length : Math.min(index, agenda.steps.length);
  agenda.steps.splice(at, 0, newStep(agenda, input));
}

export function updateStep(draft: RoomState, stepId: string, changes: Partial<StepInput>): void {
  const step = draft.agenda.steps[stepIndex(draft.agenda, stepId)];
  if (changes.title !== undefined) step.title = changes.title;
  if (changes.plannedMinutes !== undefined) step.plannedMinutes = changes.plannedMinutes;
  if (changes.tool !== undefined) step.tool = changes.tool;
}

export function removeStep(draft: RoomState, stepId: string): void {
  const index = stepIndex(draft.agenda, stepId);
  const step = draft.agenda.steps[index];
  if (step.status === 'current') throw conflict('This is the current step. Move to another step before removing it.');
  if (step.startedAt !== null) throw conflict('The group has already spent time on this step; it stays in the record.');
  draft.agenda.steps.splice(index, 1);
}

export interface StepLinks {
  worksheetId?: string | null;
  boardId?: string | null;
}

/**
 * Links the worksheet and/or board a step runs, so every client shows it when the group reaches the step. A null
 * unlinks; a link left out stays as it was. The server checks that the ids belong to the session's group first.
 */
export function linkStep(draft: RoomState, stepId: string, links: StepLinks): void {
  const step = draft.agenda.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new AppError('not_found', 'That agenda step does not exist.');
  if (links.worksheetId !== undefined) step.worksheetId = links.worksheetId;
  if (links.boardId !== undefined) step.boardId = links.boardId;
}

/** Moves a step to `toIndex` (clamped to the list), for drag and drop or up/down buttons. */
export function moveStep(draft: RoomState, stepId: string, toIndex: number): void {
  const steps = draft.agenda.steps;
  const [step] = steps.splice(stepIndex(draft.agenda, stepId), 1);
  steps.splice(Math.min(toIndex, steps.length), 0, step);
}

/** Leaves the current step (its time is kept) and, unless `stepId` is null, moves the group to that step. */
export function goToStep(draft: RoomState, change: Change, stepId: string | null): void {
  const agenda = draft.agenda;
  const target = stepId === null ? null : agenda.steps[stepIndex(agenda, stepId)];
  if (target && target.id === agenda.currentStepId) throw conflict(`"${target.title}" is already the current step.`);
  leaveCurrentStep(draft, change.now);
  if (!target) return;
  target.status = 'current';
  target.startedAt ??= change.now;
  agenda.currentStepId = target.id;
  agenda.enteredAt = change.now;
  // A step's tool opens for everyone: a board or worksheet takes the stage, talking steps show the faces.
  draft.layout = target.tool === 'board' || target.tool === 'worksheet' ? 'stage' : 'gallery';
}

export function leaveCurrentStep(draft: RoomState, now: number): void {
  const agenda = draft.agenda;
  const current = agenda.steps.find((step) => step.id === agenda.currentStepId);
  if (current) {
    current.status = 'done';
    current.spentMs += Math.max(0, now - (agenda.enteredAt ?? now));
  }
  agenda.currentStepId = null;
  agenda.enteredAt = null;
}

/** Time spent on a step so far, the current visit included. */
export function stepSpentMs(state: RoomState, step: AgendaStep, now: number): number {
  const running = step.id === state.agenda.currentStepId && state.agenda.enteredAt !== null;
  return step.spentMs + (running ? Math.max(0, now - state.agenda.enteredAt!) : 0);
}

export interface StepProgress {
  step: AgendaStep;
  index: number;
  elapsedMs: number;
  elapsedMinutes: number;
  plannedMinutes: number;
  /** Past its planned minutes (a cue for the facilitator, nothing more). */
  overPlanned: boolean;
}

/** The current step with its elapsed and planned minutes, or null when no step is current. */
export function currentStepProgress(state: RoomState, now: number): StepProgress | null {
  const index = state.agenda.steps.findIndex((step) => step.id === state.agenda.currentStepId);
  if (index < 0) return null;
  const step = state.agenda.steps[index];
  const elapsedMs = stepSpentMs(state, step, now);
  return {
    step,
    index,
    elapsedMs,
    elapsedMinutes: Math.floor(elapsedMs / 60_000),
    plannedMinutes: step.plannedMinutes,
    overPlanned: elapsedMs > step.plannedMinutes * 60_000
  };
}
