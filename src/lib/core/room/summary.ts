/** The end-of-session summary for facilitators: attendance with times, talk time, agenda steps covered, support. */
import type { Role } from '../group/rules';
import { stepSpentMs } from './agenda';
import { type AgendaTool, type RoomState, type Visit, nameOf } from './state';
import { talkTimes } from './timer';
import { type ThermometerLine, thermometerSummary } from '../chat/thermometer';

export interface AttendanceLine {
  userId: string;
  displayName: string;
  role: Role;
  /** First arrival (waiting room included). */
  joinedAt: number;
  admittedAt: number | null;
  /** Stretches in the room; an open one is closed at the summary time. */
  visits: { from: number; to: number }[];
  presentMs: number;
  removed: boolean;
}

export interface TalkLine {
  userId: string;
  displayName: string;
  talkMs: number;
  turns: number;
}

export interface AgendaLine {
  stepId: string;
  title: string;
  tool: AgendaTool;
  plannedMinutes: number;
  covered: boolean;
  spentMs: number;
}

export interface SupportLine {
  id: string;
  userId: string;
  displayName: string;
  at: number;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  /** Raised by a low check-in answer. */
  thermometer?: { roundId: string; value: number };
}

export interface RoomSummary {
  openedAt: number;
  endedAt: number | null;
  durationMs: number;
  attendance: AttendanceLine[];
  talkTime: TalkLine[];
  agenda: AgendaLine[];
  stepsCovered: number;
  supportSignals: SupportLine[];
  /** Thermometer check-in rounds with each answer (the summary is for facilitators). */
  thermometer: ThermometerLine[];
}

function closeAt(visit: Visit, until: number): { from: number; to: number } {
  return { from: visit.from, to: visit.to ?? until };
}

/** The summary as of `now` (or the end of the session, if it has ended). */
export function summarise(state: RoomState, now: number): RoomSummary {
  const until = state.endedAt ?? now;
  const totals = talkTimes(state, until);
  const admitted = state.people.filter((person) => person.admittedAt !== null);
  const agenda = state.agenda.steps.map((step) => ({
    stepId: step.id,
    title: step.title,
    tool: step.tool,
    plannedMinutes: step.plannedMinutes,
    covered: step.startedAt !== null,
    spentMs: stepSpentMs(state, step, until)
  }));
  return {
    openedAt: state.openedAt,
    endedAt: state.endedAt,
    durationMs: Math.max(0, until - state.openedAt),
    attendance: state.people.map((person) => {
      const visits = person.visits.map((visit) => closeAt(visit, until));
      return {
        userId: person.userId,
        displayName: person.displayName,
        role: person.role,
        joinedAt: person.joinedAt,
        admittedAt: person.admittedAt,
        visits,
        presentMs: visits.reduce((sum, visit) => sum + Math.max(0, visit.to - visit.from), 0),
        removed: person.removed
      };
    }),
    talkTime: admitted.map((person) => ({
      userId: person.userId,
      displayName: person.displayName,
      talkMs: totals.get(person.userId) ?? 0,
      turns:
        state.turns.filter((turn) => turn.userId === person.userId).length +
        (state.currentTurn?.userId === person.userId ? 1 : 0)
    })),
    agenda,
    stepsCovered: agenda.filter((line) => line.covered).length,
    supportSignals: state.supportSignals.map((signal) => ({ ...signal, displayName: nameOf(state, signal.userId) })),
    thermometer: thermometerSummary(state)
  };
}
