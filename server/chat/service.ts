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
  talkSettings,
  whyNotRead
} from '../../src/lib/core/chat';
import { partsOf } from '../../src/lib/core/room-parts/parts';
import { isFacilitating, type Role } from '../../src/lib/core/group/rules';
import { type RoomState, findPerson } from '../../src/lib/core/room';
import { LocalBuckets, type BucketLimits, type RateBuckets } from '../http/shared-buckets';
import type { RoomListener, RoomStreams } from '../room/streams';
import type { Store } from '../storage/store';
import type { EventBus, RoomTalk } from '../events';
import type { Logger } from '../log';
import type { TalkOptions } from './options';

export interface Speaker {
  userId: string;
  displayName: string;
  role: Role;
}

/** Takes from a person's bucket, or refuses with 429 and Retry-After (the wait, in whole seconds, at least 1). */
async function takeOrRefuse(buckets: RateBuckets, key: string, limits: BucketLimits, now: number, message: string): Promise<void> {
  const waitMs = await buckets.take(key, limits, now);
  if (waitMs <= 0) return;
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  throw new AppError('rate_limited', message, { retryAfterSeconds: retryAfter }, { 'Retry-After': String(retryAfter) });
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
  constructor(
    private readonly deps: { store: Store; now: () => Date; events: EventBus; logger: Logger },
    private readonly streams: RoomStreams,
    private readonly options: TalkOptions,
    /** Shared by every process with REDIS_URL (server/compose.ts); this process's own otherwise. */
    private readonly buckets: RateBuckets = new LocalBuckets()
  ) {
    // Sent on another process (REDIS_URL): the streams here get it, filtered against the stored room as always.
    deps.events.on('live.remote', (event) => {
      if (event.type !== 'room_talk' || this.streams.listeners(event.sessionId).length === 0) return;
      void this.deps.store.rooms.get(event.sessionId).then(
        (stored) => stored && this.toStreams(event.sessionId, stored.state, event.talk),
        // Storage unavailable: the page's next read of the chat has it.
        (error) => this.deps.logger.warn('chat: a message sent elsewhere could not be delivered here', { error })
      );
    });
  }

  async post(sessionId: string, state: RoomState, speaker: Speaker, post: ChatPost): Promise<ChatMessage> {
    const owner = post.thread === GROUP_THREAD ? undefined : findPerson(state, post.thread);
    const poster = { userId: speaker.userId, role: speaker.role, inRoom: inRoom(state, speaker.userId) };
    decide(mayPost(talkSettings(state), poster, post.thread, owner && { userId: owner.userId, role: owner.role }, partsOf(state).sideRooms));
    const now = this.deps.now();
    const key = `chat:${sessionId}:${speaker.userId}`;
    await takeOrRefuse(this.buckets, key, this.options.chat, now.getTime(), 'You are sending messages quickly. Please wait a few seconds and try again.');
    const message = await this.deps.store.chat.add(
      { id: randomUUID(), sessionId, thread: post.thread, senderId: speaker.userId, senderName: speaker.displayName, senderRole: speaker.role, text: post.text },
      now
    );
    this.share(sessionId, state, { kind: 'chat', message });
    return message;
  }

  /** A facilitator hides a message of a thread they read (a side room's: only the facilitator who held it). */
  async hide(sessionId: string, state: RoomState | undefined, messageId: string, facilitator: Speaker): Promise<ChatMessage> {
    const found = await this.deps.store.chat.get(sessionId, messageId);
    if (!found) throw notFound('Message');
    if (!mayRead(facilitator, found.thread)) throw forbidden(whyNotRead(found.thread));
    const message = await this.deps.store.chat.hide(sessionId, messageId, facilitator.userId, this.deps.now());
    if (!message) throw notFound('Message');
    if (state) this.share(sessionId, state, { kind: 'chat', message });
    return message;
  }

  async react(sessionId: string, state: RoomState, speaker: Speaker, reaction: Reaction): Promise<ReactionShown> {
    decide(mayReact(talkSettings(state), { userId: speaker.userId, role: speaker.role, inRoom: inRoom(state, speaker.userId) }));
    const at = this.deps.now().getTime();
    const key = `reaction:${sessionId}:${speaker.userId}`;
    await takeOrRefuse(this.buckets, key, this.options.reactions, at, 'You have sent several reactions just now. Please wait a few seconds.');
    const shown: ReactionShown = { userId: speaker.userId, reaction, at };
    this.share(sessionId, state, { kind: 'reaction', shown });
    return shown;
  }

  /** The messages `viewer` may read in the session (hidden ones without their text, except for facilitators). */
  async list(sessionId: string, viewer: { userId: string; role: Role }, threads?: (thread: string) => boolean): Promise<ChatMessage[]> {
    const messages = await this.deps.store.chat.list(sessionId);
    return messages
      .filter((message) => mayRead(viewer, message.thread) && (!threads || threads(message.thread)))
      .map((message) => presentMessage(message, viewer));
  }

  /** To this process's streams, and (through 'room.talk' and REDIS_URL) every other process's. */
  private share(sessionId: string, state: RoomState, talk: RoomTalk): void {
    this.toStreams(sessionId, state, talk);
    this.deps.events.emit('room.talk', { sessionId, talk });
  }

  private toStreams(sessionId: string, state: RoomState, talk: RoomTalk): void {
    if (talk.kind === 'chat') {
      const { message } = talk;
      this.deliver(sessionId, state, message.thread, (listener) => listener.send('chat', presentMessage(message, listener)));
    } else this.deliver(sessionId, state, GROUP_THREAD, (listener) => listener.send('reaction', talk.shown));
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
