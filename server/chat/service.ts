/**
 * Chat and reactions of live rooms: each message or reaction is a request the server checks (who is signed in, their
 * role, where they are in the room, the facilitators' settings, length and rate) before it is stored and sent, over
 * the room's event streams, to exactly the people who may read it. The sender is always the signed-in person.
 */
import { randomUUID } from 'node:crypto';
import { AppError, forbidden, notFound } from '../../src/lib/core/errors';
import {
  type ChatMessage,
  type ChatPost,
  type Decision,
  type Reaction,
  type ReactionShown,
  GROUP_THREAD,
  mayPost,
  mayReact,
  mayRead,
  presentMessage,
  talkSettings
} from '../../src/lib/core/chat';
import { isFacilitating, type Role } from '../../src/lib/core/group/rules';
import { type RoomState, findPerson } from '../../src/lib/core/room';
import { TokenBucket } from '../http/token-bucket';
import type { RoomListener, RoomStreams } from '../room/streams';
import type { Store } from '../storage/store';
import type { TalkOptions } from './options';

export interface Speaker {
  userId: string;
  displayName: string;
  role: Role;
}

/** Per-person token buckets; forgets people who have been quiet long enough to have a full bucket again. */
class Buckets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; used: number }>();
  constructor(private readonly limits: { burst: number; perSecond: number }) {}

  take(key: string, now: number, message: string): void {
    let entry = this.buckets.get(key);
    if (!entry) this.buckets.set(key, (entry = { bucket: new TokenBucket(this.limits.perSecond, this.limits.burst, now), used: now }));
    entry.used = now;
    if (this.buckets.size > 5000) this.sweep(now);
    if (!entry.bucket.take(now)) {
      const retryAfter = Math.max(1, Math.ceil(1 / this.limits.perSecond));
      throw new AppError('rate_limited', message, { retryAfterSeconds: retryAfter }, { 'Retry-After': String(retryAfter) });
    }
  }

  private sweep(now: number): void {
    const full = (this.limits.burst / this.limits.perSecond) * 1000;
    for (const [key, entry] of this.buckets) if (now - entry.used > full) this.buckets.delete(key);
  }
}

function decide(decision: Decision): void {
  if (!decision.ok) throw new AppError(decision.code, decision.message);
}

/** In the room for chat purposes: admitted (or reconnecting, for delivery); facilitators count once they joined. */
function inRoom(state: RoomState, userId: string, presences: string[] = ['admitted']): boolean {
  const person = findPerson(state, userId);
  return !!person && !person.removed && presences.includes(person.presence);
}

export class TalkService {
  private readonly chatBuckets: Buckets;
  private readonly reactionBuckets: Buckets;

  constructor(
    private readonly deps: { store: Store; now: () => Date },
    private readonly streams: RoomStreams,
    options: TalkOptions
  ) {
    this.chatBuckets = new Buckets(options.chat);
    this.reactionBuckets = new Buckets(options.reactions);
  }

  async post(sessionId: string, state: RoomState, speaker: Speaker, post: ChatPost): Promise<ChatMessage> {
    const owner = post.thread === GROUP_THREAD ? undefined : findPerson(state, post.thread);
    const poster = { userId: speaker.userId, role: speaker.role, inRoom: inRoom(state, speaker.userId) };
    decide(mayPost(talkSettings(state), poster, post.thread, owner && { userId: owner.userId, role: owner.role }));
    const now = this.deps.now();
    this.chatBuckets.take(`${sessionId}:${speaker.userId}`, now.getTime(), 'You are sending messages quickly. Please wait a few seconds and try again.');
    const message = await this.deps.store.chat.add(
      { id: randomUUID(), sessionId, thread: post.thread, senderId: speaker.userId, senderName: speaker.displayName, senderRole: speaker.role, text: post.text },
      now
    );
    this.deliver(sessionId, state, message.thread, (listener) => listener.send('chat', presentMessage(message, listener)));
    return message;
  }

  async hide(sessionId: string, state: RoomState | undefined, messageId: string, facilitatorId: string): Promise<ChatMessage> {
    const message = await this.deps.store.chat.hide(sessionId, messageId, facilitatorId, this.deps.now());
    if (!message) throw notFound('Message');
    if (state) this.deliver(sessionId, state, message.thread, (listener) => listener.send('chat', presentMessage(message, listener)));
    return message;
  }

  react(sessionId: string, state: RoomState, speaker: Speaker, reaction: Reaction): ReactionShown {
    decide(mayReact(talkSettings(state), { userId: speaker.userId, role: speaker.role, inRoom: inRoom(state, speaker.userId) }));
    const at = this.deps.now().getTime();
    this.reactionBuckets.take(`${sessionId}:${speaker.userId}`, at, 'You have sent several reactions just now. Please wait a few seconds.');
    const shown: ReactionShown = { userId: speaker.userId, reaction, at };
    this.deliver(sessionId, state, GROUP_THREAD, (listener) => listener.send('reaction', shown));
    return shown;
  }

  /** The messages `viewer` may read in the session (hidden ones without their text, except for facilitators). */
  async list(sessionId: string, viewer: { userId: string; role: Role }, threads?: (thread: string) => boolean): Promise<ChatMessage[]> {
    const messages = await this.deps.store.chat.list(sessionId);
    return messages
      .filter((message) => mayRead(viewer, message.thread) && (!threads || threads(message.thread)))
      .map((message) => presentMessage(message, viewer));
  }

  /** To every open stream of the session whose person may read `thread` and is in the room (not the waiting room). */
  private deliver(sessionId: string, state: RoomState, thread: string, send: (listener: RoomListener) => void): void {
    for (const listener of this.streams.listeners(sessionId)) {
      if (!mayRead(listener, thread)) continue;
      if (!isFacilitating(listener.role) && !inRoom(state, listener.userId, ['admitted', 'reconnecting'])) continue;
      send(listener);
    }
  }
}

export const refuseNotInRoom = () => forbidden('You can read the chat once you are in the room.');
