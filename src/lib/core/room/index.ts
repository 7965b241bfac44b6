/**
 * The live session room's pure rules: import from here. Zod schemas are not re-exported (the browser's room imports this
 * file): the server imports parseRoomCommand from './command-schema' and safetyCheckinSchema from './checkin'.
 */
export * from './state';
export * from './effects';
export * from './commands';
export { applyCommand, applyServerEvent, type Actor, type RoomResult } from './reducer';
export * from './selectors';
export { summarise, type RoomSummary, type AttendanceLine, type TalkLine, type AgendaLine, type SupportLine } from './summary';
export { AGENDA_TEMPLATES, AGENDA_TEMPLATE_IDS, MAX_AGENDA_STEPS, stepSpentMs, type AgendaTemplateId, type StepInput, type StepProgress } from './agenda';
export { shuffle, isGoAroundRunning, currentEntry, nextInRound } from './go-around';
export { hasSpoken, talkTimes, type TimerStatus } from './timer';
export { openSupportSignals, openUrgentSignals, supportHistoryLine, type SupportHistoryLine } from './support';
export { nextInQueue, handSetAside } from './queue';
export { readSharedView, writeSharedView, SHARED_VIEW_MAP } from './shared-doc';
export type { SafetyCheckinInput } from './checkin';
export { statusOf, type MyRoomStatus } from './my-status';
export { isPresentInRoom, presenceHeartbeatDue, presenceHeartbeatEveryMs, type HeartbeatInput } from './presence';
