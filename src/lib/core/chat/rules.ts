/**
 * Chat in the live room: who may post where and who may read what. Pure: the server decides with these rules
 * (server/chat), the room page uses them only to show or hide the message box.
 *
 * Three kinds of thread: the group chat ('group'); one private thread per member to the facilitators, named by that
 * member's user id (a member writes in their own; every facilitator reads and answers in all of them); and a side
 * room's thread, 'side:<facilitator id>:<member id>', between just the member and the facilitator who took them
 * aside: only those two ever read it (not the other facilitators, not other members), and they write in it only while
 * that side room is open. A participant never writes privately to another participant (a group norm). The
 * facilitators may turn the group chat off or make it announcements only (facilitators post, members read); the
 * private and side-room threads stay open either way, because they are how a member reaches a facilitator quietly.
 */
import { isFacilitating, type Role } from '../group/rules';
import type { SideRoom } from '../room-parts/parts';

export const CHAT_MODES = ['open', 'announcements', 'off'] as const;
export type ChatMode = (typeof CHAT_MODES)[number];

export const CHAT_MODE_LABELS: Record<ChatMode, string> = {
  open: 'Everyone can write',
  announcements: 'Facilitator announcements only',
  off: 'Off'
};

/** What the facilitators decided about talking without speaking in this session (part of the room state). */
export interface TalkSettings {
  chat: ChatMode;
  /** Quiet reactions on the tiles. */
  reactions: boolean;
}

export const DEFAULT_TALK_SETTINGS: TalkSettings = { chat: 'open', reactions: true };

/** The room's settings; rooms stored before chat existed have the defaults. */
export function talkSettings(state: { talk?: TalkSettings }): TalkSettings {
  return { ...DEFAULT_TALK_SETTINGS, ...state.talk };
}

export const GROUP_THREAD = 'group';

/** 'group', the user id of the member whose private thread with the facilitators it is, or a side room's thread. */
export type ThreadId = string;

/** The two people of a side room's thread. */
export type SidePair = Pick<SideRoom, 'facilitatorId' | 'memberId'>;

const SIDE_PREFIX = 'side:';

/** The thread of the side room in which `facilitatorId` is with `memberId` (the same two people: the same thread). */
export function sideThreadId(room: SidePair): ThreadId {
  return `${SIDE_PREFIX}${room.facilitatorId}:${room.memberId}`;
}

export function isSideThread(thread: ThreadId): boolean {
  return thread.startsWith(SIDE_PREFIX);
}

/** The two people of a side-room thread id; undefined for any other thread or a malformed one. */
export function parseSideThread(thread: ThreadId): SidePair | undefined {
  if (!isSideThread(thread)) return undefined;
  const [facilitatorId, memberId, ...rest] = thread.slice(SIDE_PREFIX.length).split(':');
  if (!facilitatorId || !memberId || rest.length || facilitatorId === memberId) return undefined;
  return { facilitatorId, memberId };
}

/** The other person of a side-room thread, seen from `userId` (undefined when `userId` is not one of the two). */
export function sideThreadPartner(thread: ThreadId, userId: string): string | undefined {
  const pair = parseSideThread(thread);
  if (!pair) return undefined;
  return pair.facilitatorId === userId ? pair.memberId : pair.memberId === userId ? pair.facilitatorId : undefined;
}

export const MAX_MESSAGE_LENGTH = 1000;

/** At most this many messages at once, then one more every REFILL seconds (per person, per process). */
export const CHAT_BURST = 5;
export const CHAT_PER_SECOND = 0.25;

/** Who is asking: the server's idea of them (their role in the group and where they are in the room). */
export interface Poster {
  userId: string;
  role: Role;
  /** Admitted and connected (or reconnecting): people in the waiting room or gone do not chat. */
  inRoom: boolean;
}

/** The owner of a private thread, as the room knows them; undefined for someone the room never saw. */
export interface ThreadOwner {
  userId: string;
  role: Role;
}

export type Decision = { ok: true } | { ok: false; code: 'forbidden' | 'not_found' | 'conflict'; message: string };

const allow: Decision = { ok: true };
const refuse = (code: 'forbidden' | 'not_found' | 'conflict', message: string): Decision => ({ ok: false, code, message });

/**
 * Whether `poster` may post in `thread`. `owner` is the person the thread belongs to (for private threads);
 * `sideRooms` are the side rooms open now (for side-room threads: only its two people, only while it is open).
 */
export function mayPost(
  settings: TalkSettings,
  poster: Poster,
  thread: ThreadId,
  owner: ThreadOwner | undefined,
  sideRooms: readonly SidePair[] = []
): Decision {
  if (!poster.inRoom) return refuse('forbidden', 'You can write in the chat once you are in the room.');
  const facilitating = isFacilitating(poster.role);
  if (isSideThread(thread)) {
    const pair = parseSideThread(thread);
    if (!pair) return refuse('not_found', 'That conversation was not found.');
    if (poster.userId !== pair.facilitatorId && poster.userId !== pair.memberId) {
      return refuse('forbidden', 'A side room’s conversation is between its member and its facilitator only.');
    }
    const open = sideRooms.some((room) => room.facilitatorId === pair.facilitatorId && room.memberId === pair.memberId);
    if (!open) return refuse('conflict', 'The side room has ended. Write in the group chat or to the facilitators instead.');
    return allow;
  }
  if (thread === GROUP_THREAD) {
    if (settings.chat === 'off') return refuse('conflict', 'The facilitators have turned the group chat off for now.');
    if (settings.chat === 'announcements' && !facilitating) {
      return refuse('forbidden', 'The group chat is for facilitator announcements right now. You can still write to the facilitators privately.');
    }
    return allow;
  }
  if (!owner) return refuse('not_found', 'That conversation was not found.');
  if (isFacilitating(owner.role)) return refuse('forbidden', 'Private conversations are between one member and the facilitators.');
  if (facilitating || owner.userId === poster.userId) return allow;
  return refuse('forbidden', 'Private messages go to the facilitators only, never to another member.');
}

/**
 * Whether `viewer` may read messages of `thread`: a member the group chat and their own private thread, facilitators
 * every private thread; a side room's thread only its two people, during the session and after it (not the other
 * facilitators: docs/architecture.md says why).
 */
export function mayRead(viewer: { userId: string; role: Role }, thread: ThreadId): boolean {
  if (isSideThread(thread)) return sideThreadPartner(thread, viewer.userId) !== undefined;
  return thread === GROUP_THREAD || isFacilitating(viewer.role) || thread === viewer.userId;
}

/** The kind of a thread, for the audit log and the summary (never a person's id). */
export function chatThreadLabel(thread: ThreadId): 'group' | 'private' | 'side' {
  return thread === GROUP_THREAD ? 'group' : isSideThread(thread) ? 'side' : 'private';
}

/** Why `viewer` may not read `thread`, in plain words (for a 403 when someone asks for it by name). */
export function whyNotRead(thread: ThreadId): string {
  return isSideThread(thread)
    ? 'A side room’s conversation is read only by its member and its facilitator.'
    : 'Private conversations are read by their member and the facilitators only.';
}

/** Control characters other than line breaks and tabs are dropped; lines are trimmed at the ends. */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
}

/** A message as the browser sends it: the thread and the text (checked by chatPostSchema in schemas.ts). */
export interface ChatPost {
  thread: string;
  text: string;
}

/** A message as the server keeps and sends it. `text` is null for readers who may not see a hidden message. */
export interface ChatMessage {
  id: string;
  sessionId: string;
  thread: ThreadId;
  senderId: string;
  senderName: string;
  /** The sender's role when they wrote it (announcements are marked by it). */
  senderRole: Role;
  text: string | null;
  at: number;
  hidden: { by: string; at: number } | null;
}

/**
 * What `viewer` is shown of a message: facilitators see hidden messages with their text (kept for the audit), marked
 * hidden; everyone else sees that a facilitator hid it, without the text.
 */
export function presentMessage(message: ChatMessage, viewer: { role: Role }): ChatMessage {
  if (!message.hidden || isFacilitating(viewer.role)) return message;
  return { ...message, text: null };
}

/** Counts for the session summary: never the text. */
export interface ChatCounts {
  group: number;
  private: number;
  /** Private threads that have at least one message (members who wrote or were written to). */
  privateThreads: number;
  /** Messages in side rooms' threads (between a member and the facilitator who took them aside). */
  side: number;
  hidden: number;
}

export function countMessages(messages: Pick<ChatMessage, 'thread' | 'hidden'>[]): ChatCounts {
  const threads = new Set<string>();
  let group = 0;
  let side = 0;
  let hidden = 0;
  for (const message of messages) {
    if (message.thread === GROUP_THREAD) group++;
    else if (isSideThread(message.thread)) side++;
    else threads.add(message.thread);
    if (message.hidden) hidden++;
  }
  return { group, private: messages.length - group - side, privateThreads: threads.size, side, hidden };
}
