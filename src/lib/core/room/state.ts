/**
 * The live session room as plain, JSON-serialisable data. Only the server holds and changes it (through
 * reducer.ts); clients read a mirror of it. Times are milliseconds since the epoch, taken from the server clock.
 */
import { AppError, conflict } from '../errors';
import type { Role } from '../group/rules';
import type { TalkSettings } from '../chat/rules';
import type { ThermometerState } from '../chat/thermometer';
import type { RoomParts } from '../room-parts/parts';

/** waiting: in the waiting room; admitted: in the room; reconnecting: in the room, connection lost for now; gone: left. */
export const PRESENCES = ['waiting', 'admitted', 'reconnecting', 'gone'] as const;
export type Presence = (typeof PRESENCES)[number];

/** One stretch of time a person spent in the room (after admission). `to` is null while it lasts. */
export interface Visit {
  from: number;
  to: number | null;
}

export interface Person {
  userId: string;
  displayName: string;
  role: Role;
  presence: Presence;
  /** When they first arrived in this session (waiting room included). */
  joinedAt: number;
  /** When they were first let into the room, or null if never. */
  admittedAt: number | null;
  visits: Visit[];
  /** Sent back to the waiting room by a facilitator: only a facilitator lets them in again (auto-admit does not). */
  heldByFacilitator: boolean;
  /** Removed from this session by a facilitator: they cannot come back to it. */
  removed: boolean;
}

export type AdmissionMode = 'manual' | 'auto';

/** A raised hand. The queue is kept in speaking order: by `raisedAt`, then `seq`, unless a facilitator moved it. */
export interface Hand {
  userId: string;
  raisedAt: number;
  /** Server sequence number: orders two hands raised in the same millisecond. */
  seq: number;
}

/** How a turn began: called from the queue, picked by a facilitator, or given by a go-around. */
export type TurnSource = 'queue' | 'called' | 'go_around';

export interface Turn {
  userId: string;
  startedAt: number;
  /** The gentle cue comes after this long; the turn is never cut. */
  lengthMs: number;
  source: TurnSource;
}

/** A turn that has ended; talk time is the sum of these. Passed turns are not kept (passing is not speaking). */
export interface TurnRecord {
  userId: string;
  startedAt: number;
  endedAt: number;
  source: TurnSource;
}

export const GO_AROUND_ORDERS = ['listed', 'shuffled', 'custom'] as const;
export type GoAroundOrder = (typeof GO_AROUND_ORDERS)[number];

/**
 * waiting: their turn is still to come; speaking: it is their turn now; spoke / passed: done;
 * skipped: a facilitator passed over them; missed: they were not in the room when their turn came.
 */
export type GoAroundStatus = 'waiting' | 'speaking' | 'spoke' | 'passed' | 'skipped' | 'missed';

export interface GoAroundEntry {
  userId: string;
  status: GoAroundStatus;
}

/**
 * One round over the people present. Entries are only ever appended (late joiners, people who missed their turn
 * and came back), and `currentIndex` only moves forward, so indexes stay valid.
 */
export interface GoAround {
  order: GoAroundOrder;
  includeFacilitators: boolean;
  entries: GoAroundEntry[];
  /** The entry whose turn it is or last was; -1 before the first turn. */
  currentIndex: number;
  startedAt: number;
  /** Set when every entry has had its turn; the round stays visible until a facilitator ends it. */
  finishedAt: number | null;
}

export const AGENDA_TOOLS = ['go_around', 'open_queue', 'board', 'worksheet', 'break'] as const;
export type AgendaTool = (typeof AGENDA_TOOLS)[number];

export type AgendaStepStatus = 'upcoming' | 'current' | 'done';

export interface AgendaStep {
  id: string;
  title: string;
  plannedMinutes: number;
  tool: AgendaTool;
  status: AgendaStepStatus;
  /** First time the group moved to this step, or null if never. */
  startedAt: number | null;
  /** Time spent on the step in earlier visits (the current visit runs from `agenda.enteredAt`). */
  spentMs: number;
  /** The worksheet this step runs (linked by a facilitator; the server checked it belongs to the session's group). */
  worksheetId?: string | null;
  /** The board this step shows, linked the same way. */
  boardId?: string | null;
}

export interface Agenda {
  steps: AgendaStep[];
  currentStepId: string | null;
  /** When the group moved to the current step. */
  enteredAt: number | null;
  /** Counter for step ids (s1, s2, ...), so ids are never reused within a session. */
  nextStepNumber: number;
}

/**
 * What the room's main area shows: everyone's video (gallery), or the current step's board or worksheet with the
 * video as a filmstrip (stage). Facilitators switch it for everyone; a participant may choose otherwise for themselves.
 */
export const ROOM_LAYOUTS = ['gallery', 'stage'] as const;
export type RoomLayout = (typeof ROOM_LAYOUTS)[number];
/** Why the server raised an urgent signal: a measure answer that needs a facilitator now, and its stored alert. */
export interface UrgentMark {
  reason: 'phq9_item9';
  /** The risk alert in the measures store; follow-up is recorded there. */
  alertId: string;
}

export interface SupportSignal {
  id: string;
  userId: string;
  at: number;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  /**
   * Set when the server raised the signal itself (never a participant's command): it stays open until a facilitator
   * records follow-up through the measures API, which then closes it here.
   */
  urgent?: UrgentMark;
  /** Raised by a low thermometer answer (core/chat/thermometer.ts), not by the member asking. */
  thermometer?: ThermometerMark;
}

/** Which check-in answer raised a support signal. */
export interface ThermometerMark {
  roundId: string;
  value: number;
}

export interface RoomState {
  /** Bumped by every accepted command or event; clients can use it to drop stale mirrors. */
  version: number;
  /** When the room opened: the session clock starts here. */
  openedAt: number;
  /** In order of arrival; the "as listed" order of a go-around. */
  people: Person[];
  admission: AdmissionMode;
  queue: Hand[];
  currentTurn: Turn | null;
  turns: TurnRecord[];
  turnLengthMs: number;
  goAround: GoAround | null;
  agenda: Agenda;
  spotlight: string | null;
  /** Absent in rooms stored before layouts existed: read it with roomLayout(). */
  layout?: RoomLayout;
  /**
   * The board the facilitators put on the stage (the `show_board` command), shown whenever the current step has no
   * board of its own; null lets each client show the group's most recent board. Absent in older rooms: read it with
   * stageBoard().
   */
  stageBoardId?: string | null;
  supportSignals: SupportSignal[];
  /** Chat and reactions settings (core/chat); absent in older rooms: read it with talkSettings(). */
  talk?: TalkSettings;
  /** Thermometer check-in rounds with their private answers (core/chat/thermometer.ts). */
  thermometer?: ThermometerState;
  /** Side rooms and breakout pairs (src/lib/core/room-parts); absent in rooms stored before they existed. */
  parts?: RoomParts;
  ended: boolean;
  endedAt: number | null;
}

export const DEFAULT_TURN_LENGTH_MS = 2 * 60_000;
export const MIN_TURN_LENGTH_SECONDS = 15;
export const MAX_TURN_LENGTH_SECONDS = 30 * 60;

export interface RoomOptions {
  now: number;
  turnLengthMs?: number;
  admission?: AdmissionMode;
}

export function createRoomState({ now, turnLengthMs = DEFAULT_TURN_LENGTH_MS, admission = 'manual' }: RoomOptions): RoomState {
  return {
    version: 0,
    openedAt: now,
    people: [],
    admission,
    queue: [],
    currentTurn: null,
    turns: [],
    turnLengthMs,
    goAround: null,
    agenda: { steps: [], currentStepId: null, enteredAt: null, nextStepNumber: 1 },
    spotlight: null,
    layout: 'gallery',
    stageBoardId: null,
    supportSignals: [],
    ended: false,
    endedAt: null
  };
}

/** The room's layout; rooms stored before layouts existed show the gallery. */
export function roomLayout(state: Pick<RoomState, 'layout'>): RoomLayout {
  return state.layout ?? 'gallery';
}

/** The board the facilitators picked for the stage, or null (also for rooms stored before the pick existed). */
export function stageBoard(state: Pick<RoomState, 'stageBoardId'>): string | null {
  return state.stageBoardId ?? null;
}

export function findPerson(state: RoomState, userId: string): Person | undefined {
  return state.people.find((person) => person.userId === userId);
}

/** In the room and connected right now. */
export function isInRoom(state: RoomState, userId: string): boolean {
  return findPerson(state, userId)?.presence === 'admitted';
}

/** The display name to show for `userId`, falling back to a neutral word for people no longer known. */
export function nameOf(state: RoomState, userId: string): string {
  return findPerson(state, userId)?.displayName ?? 'Someone';
}

/** The person, or a not_found refusal. */
export function requirePerson(state: RoomState, userId: string): Person {
  const person = findPerson(state, userId);
  if (!person) throw new AppError('not_found', 'That person is not in this session.');
  return person;
}

/** The person, who must be in the room and connected, or a refusal that says where they are instead. */
export function requireInRoom(state: RoomState, userId: string): Person {
  const person = requirePerson(state, userId);
  if (person.presence === 'admitted') return person;
  const where: Record<Exclude<Presence, 'admitted'>, string> = {
    waiting: 'is in the waiting room',
    reconnecting: 'is reconnecting',
    gone: 'has left the room'
  };
  throw conflict(`${person.displayName} ${where[person.presence]}.`);
}
