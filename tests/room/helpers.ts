/**
 * Test helpers for the live session room: a group with a facilitator and two participants and a live session, and a
 * reader for the room's Server-Sent Events stream (over app.request or a real server).
 */
import type { TestApp, TestClient } from '../helpers/test-app';

export interface RoomEvent {
  event: string;
  data: any;
}

/** Reads an SSE response: events collect in `events`; `next()` waits for a matching one. */
export class EventStream {
  readonly events: RoomEvent[] = [];
  readonly ended: Promise<void>;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
    this.ended = this.pump();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.replace(/^data: ?/, ''))
            .join('\n');
          if (data) this.events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      /* cancelled */
    }
  }

  /** The first event (after `from`) named `event` that matches `where`. */
  async next(event: string, where: (data: any) => boolean = () => true, timeoutMs = 3_000): Promise<any> {
    const started = Date.now();
    for (;;) {
      const found = this.events.find((e) => e.event === event && where(e.data));
      if (found) return found.data;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`no ${event} event; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  has(event: string, where: (data: any) => boolean = () => true): boolean {
    return this.events.some((e) => e.event === event && where(e.data));
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
    await this.ended;
  }
}

/** Anything that can answer a request: app.request (no server) or fetch against a real one. */
export type Requester = (path: string, init: RequestInit) => Promise<Response>;

export async function openEvents(request: Requester, client: TestClient, sessionId: string): Promise<EventStream | Response> {
  const response = await request(`/api/sessions/${sessionId}/room/events`, { headers: { cookie: client.cookie ?? '' } });
  if (response.status !== 200) return response;
  return new EventStream(response);
}

export async function streamOf(request: Requester, client: TestClient, sessionId: string): Promise<EventStream> {
  const stream = await openEvents(request, client, sessionId);
  if (!(stream instanceof EventStream)) throw new Error(`events refused: ${stream.status} ${await stream.text()}`);
  return stream;
}

export const CHECKIN = { location: 'Leeds, at home', emergencyContactName: 'Sam Rivers', emergencyContactPhone: '+44 113 496 0000' };

/** A facilitator, two participants who accepted the agreement, and a live session. */
export async function liveRoom(t: Pick<TestApp, 'client'>) {
  const facilitator = t.client();
  const facilitatorUser = await facilitator.signup('Fran');
  const group = (await facilitator.post('/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' })).body.group;
  const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
  const join = async (name: string) => {
    const client = t.client();
    const user = await client.signup(name);
    const accepted = await client.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
    return { client, user };
  };
  const pat = await join('Pat');
  const quinn = await join('Quinn');
  const session = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 4' })).body.session;
  const started = await facilitator.post(`/api/sessions/${session.id}/start`);
  if (started.status !== 200) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
  const room = `/api/sessions/${session.id}/room`;
  return { facilitator, facilitatorUser, pat, quinn, group, session, invite, room };
}
