/**
 * Every long-lived channel of this process in one place: room event streams and the person's /api/me/events stream
 * (SSE), relay sockets and signalling sockets, each with the sign-in and the person behind it. The registry is what makes a sign-in's end and a change
 * of someone's standing reach every channel:
 *
 * - the sign-in ends (sign-out, a password change elsewhere, idle or absolute expiry): every channel of that sign-in
 *   ends within a second. Expiry happens without any request, so the registry watches the sign-ins its channels
 *   hold and ends them itself when they run out; an open channel is not activity (only requests move lastSeenAt).
 * - a person's role or membership in a group changes: every channel of that person in that group re-decides, here
 *   and (with REDIS_URL) in every other process, which hears it as `live.remote` (server/relay/live-events.ts).
 *
 * A new kind of channel registers here and answers `end` and `recheck`; it cannot forget a revocation.
 */
import type { AppDeps } from '../http/context';

/** Every kind of long-lived channel (tests/security/authorization-matrix.test.ts asks for a decision on each). */
export const CHANNEL_KINDS = ['room_stream', 'me_events', 'relay', 'signalling'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Why a sign-in's channels end. */
export type EndReason = 'signed_out' | 'expired';

export interface Channel {
  kind: ChannelKind;
  loginId: string;
  userId: string;
  /** The group the channel belongs to (null for none). */
  groupId: string | null;
  /** The sign-in is over: close with the channel's own code, after telling the client why where it can. */
  end(reason: EndReason): void;
  /** The person's role or membership changed: re-decide this channel's rights now. */
  recheck(): void;
}

export interface ChannelRegistryOptions {
  /** How often the sign-ins behind open channels are checked against their idle and absolute expiry. */
  sweepEveryMs: number;
}

interface WatchedLogin {
  channels: Set<Channel>;
  /** When it would end if nothing happened: absolute expiry or lastSeenAt + idle, whichever is first. */
  deadline: number;
  checking: boolean;
}

const DEFAULTS: ChannelRegistryOptions = { sweepEveryMs: 250 };

export class ChannelRegistry {
  private readonly logins = new Map<string, WatchedLogin>();
  private readonly stops: Array<() => void> = [];
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private readonly options: ChannelRegistryOptions;

  constructor(
    private readonly deps: Pick<AppDeps, 'store' | 'events' | 'config' | 'logger' | 'now'>,
    options: Partial<ChannelRegistryOptions> = {}
  ) {
    this.options = { ...DEFAULTS, ...options };
    const { events } = deps;
    this.stops.push(
      events.on('login.ended', ({ loginId }) => this.endLogin(loginId, 'signed_out')),
      events.on('member.removed', ({ groupId, userId }) => this.recheckPerson(groupId, userId)),
      events.on('member.role_changed', ({ groupId, userId }) => this.recheckPerson(groupId, userId)),
      // Made on another process: relay sockets hear the bus themselves (the relay also drops its cached reads then),
      // every other channel of that person here re-decides now.
      events.on('live.remote', (event) => {
        if (event.type === 'member_removed' || event.type === 'member_role_changed') {
          this.recheckPerson(event.groupId, event.userId, { except: 'relay' });
        }
      })
    );
  }

  /**
   * Registers an open channel; returns the function that unregisters it. `login` is the sign-in as read when the
   * channel opened (for its expiry).
   */
  add(channel: Channel, login: { expiresAt: Date; lastSeenAt: Date }): () => void {
    let watched = this.logins.get(channel.loginId);
    if (!watched) {
      watched = { channels: new Set(), deadline: this.deadlineOf(login), checking: false };
      this.logins.set(channel.loginId, watched);
    }
    watched.channels.add(channel);
    this.startSweeping();
    return () => {
      const current = this.logins.get(channel.loginId);
      if (!current?.channels.delete(channel)) return;
      if (current.channels.size === 0) this.logins.delete(channel.loginId);
      if (this.logins.size === 0) this.stopSweeping();
    };
  }

  /** Every open channel of a sign-in. */
  ofLogin(loginId: string): Channel[] {
    return [...(this.logins.get(loginId)?.channels ?? [])];
  }

  /** Every open channel of a person, in one group or in all. */
  ofPerson(userId: string, groupId?: string): Channel[] {
    return this.all().filter((channel) => channel.userId === userId && (groupId === undefined || channel.groupId === groupId));
  }

  all(): Channel[] {
    return [...this.logins.values()].flatMap((watched) => [...watched.channels]);
  }

  get size(): number {
    return this.all().length;
  }

  /** Ends every channel of a sign-in (each closes and unregisters itself). */
  endLogin(loginId: string, reason: EndReason): void {
    const channels = this.ofLogin(loginId);
    // Forgotten first: a channel that takes a moment to close is not ended twice.
    this.logins.delete(loginId);
    if (this.logins.size === 0) this.stopSweeping();
    for (const channel of channels) this.safely(() => channel.end(reason));
  }

  recheckPerson(groupId: string, userId: string, { except }: { except?: ChannelKind } = {}): void {
    for (const channel of this.ofPerson(userId, groupId)) {
      if (channel.kind !== except) this.safely(() => channel.recheck());
    }
  }

  close(): void {
    this.stopSweeping();
    for (const stop of this.stops) stop();
  }

  private deadlineOf(login: { expiresAt: Date; lastSeenAt: Date }): number {
    return Math.min(login.expiresAt.getTime(), login.lastSeenAt.getTime() + this.deps.config.sessionIdleMs);
  }

  private safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.deps.logger.error('channel: revocation failed', { error });
    }
  }

  private startSweeping(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), this.options.sweepEveryMs);
    this.sweeper.unref?.();
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /**
   * Sign-ins whose deadline has passed are read again (a request elsewhere may have moved lastSeenAt): still valid,
   * the deadline moves on; otherwise the sign-in is deleted and ended everywhere ('login.ended').
   */
  private sweep(): void {
    const now = this.deps.now().getTime();
    for (const [loginId, watched] of this.logins) {
      if (watched.deadline > now || watched.checking) continue;
      watched.checking = true;
      void this.reread(loginId, watched)
        .catch((error) => this.deps.logger.warn('channel: sign-in check failed; trying again', { error }))
        .finally(() => (watched.checking = false));
    }
  }

  private async reread(loginId: string, watched: WatchedLogin): Promise<void> {
    const { store, events } = this.deps;
    // The time the read starts at: a read that takes long must not be held against a clock that moved meanwhile
    // (a request made during the read may already have moved lastSeenAt on).
    const now = this.deps.now().getTime();
    const login = await store.logins.get(loginId);
    const deadline = login ? this.deadlineOf(login) : 0;
    if (deadline > now) {
      watched.deadline = deadline;
      return;
    }
    if (login) await store.logins.delete(loginId);
    const userId = login?.userId ?? this.ofLogin(loginId)[0]?.userId ?? '';
    this.endLogin(loginId, 'expired');
    // Everyone else listening for sign-ins ending hears it too (the relay forwards it to other processes).
    events.emit('login.ended', { loginId, userId });
  }
}

const registries = new WeakMap<object, ChannelRegistry>();

/** The registry of this app (one per AppDeps, so tests with several apps never share channels). */
export function channelsOf(deps: Pick<AppDeps, 'store' | 'events' | 'config' | 'logger' | 'now'>): ChannelRegistry {
  let registry = registries.get(deps);
  if (!registry) {
    registry = new ChannelRegistry(deps);
    registries.set(deps, registry);
  }
  return registry;
}
