/**
 * The room page's chat and reactions: messages the server sent (over the room stream) or listed, unread counts, and
 * the reactions showing on tiles now. The server decides everything (who may post where, hiding, limits); this only
 * shows it and asks.
 */
import { api, failure } from '$lib/api/client';
import { type ChatMessage, type Reaction, type ReactionShown, GROUP_THREAD, REACTION_SHOW_MS, showing } from '$lib/core/chat';
import type { RoomModel } from '$lib/state/room.svelte';

export class TalkModel {
  messages = $state<ChatMessage[]>([]);
  /** Messages that arrived while the chat was not on screen. */
  unread = $state(0);
  visible = $state(false);
  /** The conversation on screen: 'group', a member's private thread, or a side room's (the room opens it there). */
  thread = $state<string>(GROUP_THREAD);
  error = $state<string>();
  reactionError = $state<string>();
  #reactions = $state<ReactionShown[]>([]);
  #now = $state(Date.now());
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stops: Array<() => void> = [];
  #loaded = false;

  /** userId → the reaction on their tile now. */
  showing = $derived(showing(this.#reactions, this.#now));

  constructor(private readonly room: RoomModel) {
    this.#stops.push(
      room.on<ChatMessage>('chat', (message) => this.#received(message)),
      room.on<ReactionShown>('reaction', (reaction) => this.#reacted(reaction))
    );
  }

  get sessionId(): string {
    return this.room.sessionId;
  }

  /** The threads: the group chat, then private threads by the member they belong to. */
  threads = $derived.by(() => {
    const byThread = new Map<string, ChatMessage[]>();
    for (const message of this.messages) {
      const list = byThread.get(message.thread) ?? [];
      list.push(message);
      byThread.set(message.thread, list);
    }
    return byThread;
  });

  async load(): Promise<void> {
    if (this.#loaded) return;
    try {
      const { messages } = await api.get<{ messages: ChatMessage[] }>(`/api/sessions/${this.room.sessionId}/chat`);
      const known = new Map(this.messages.map((m) => [m.id, m]));
      for (const message of messages) if (!known.has(message.id)) known.set(message.id, message);
      this.messages = [...known.values()].sort((a, b) => a.at - b.at);
      this.#loaded = true;
    } catch (error) {
      this.error = failure(error).message;
    }
  }

  async send(thread: string, text: string): Promise<boolean> {
    this.error = undefined;
    try {
      const { message } = await api.post<{ message: ChatMessage }>(`/api/sessions/${this.room.sessionId}/chat`, { thread, text });
      this.#received(message);
      return true;
    } catch (error) {
      this.error = failure(error).message;
      return false;
    }
  }

  async hide(messageId: string): Promise<void> {
    this.error = undefined;
    try {
      const { message } = await api.post<{ message: ChatMessage }>(`/api/sessions/${this.room.sessionId}/chat/${messageId}/hide`, {});
      this.#received(message);
    } catch (error) {
      this.error = failure(error).message;
    }
  }

  async react(reaction: Reaction): Promise<void> {
    this.reactionError = undefined;
    try {
      await api.post(`/api/sessions/${this.room.sessionId}/reactions`, { reaction });
    } catch (error) {
      this.reactionError = failure(error).message;
    }
  }

  destroy(): void {
    for (const stop of this.#stops) stop();
    if (this.#timer) clearTimeout(this.#timer);
  }

  #received(message: ChatMessage): void {
    const index = this.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) {
      this.messages[index] = message;
      return;
    }
    this.messages = [...this.messages, message];
    if (!this.visible && message.senderId !== this.room.me) this.unread += 1;
  }

  #reacted(reaction: ReactionShown): void {
    // Shown for REACTION_SHOW_MS from when it arrived here, by this browser's clock.
    this.#reactions = [...this.#reactions.filter((r) => Date.now() - r.at < REACTION_SHOW_MS), { ...reaction, at: Date.now() }];
    this.#now = Date.now();
    this.#tick();
  }

  #tick(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#reactions.length === 0) return;
    const next = Math.min(...this.#reactions.map((r) => r.at + REACTION_SHOW_MS)) - Date.now();
    this.#timer = setTimeout(() => {
      this.#now = Date.now();
      this.#reactions = this.#reactions.filter((r) => this.#now - r.at < REACTION_SHOW_MS);
      this.#tick();
    }, Math.max(50, next));
  }
}

export { GROUP_THREAD };
