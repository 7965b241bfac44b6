/** A live session with a facilitator and participants, each with a peer id issued by the API. */
import type { TestApp, TestClient } from '../helpers/test-app';
import { groupWithParticipant } from '../helpers/test-app';
import { expect } from 'vitest';
import { SIGNALLING_MESSAGES } from '../../src/lib/core/protocol';
import { sleep, type admissionList, type SignallingServer, type SignalSocket } from './server';

export interface Person {
  client: TestClient;
  user: { id: string; displayName: string };
}

export interface LiveSession {
  groupId: string;
  sessionId: string;
  facilitator: Person;
  participants: Person[];
}

export async function liveSession(server: SignallingServer, participants = 2, admission?: ReturnType<typeof admissionList>): Promise<LiveSession> {
  const made = await groupWithParticipant(server as unknown as TestApp);
  const people: Person[] = [{ client: made.participant, user: made.participantUser }];
  for (let i = 1; i < participants; i++) {
    const client = server.client();
    const user = await client.signup(`Participant ${i + 1}`);
    const accepted = await client.post(`/api/invites/${made.invite.token}/accept`, { agreementVersion: made.group.agreementVersion });
    if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
    people.push({ client, user });
  }
  const session = (await made.facilitator.post(`/api/groups/${made.group.id}/sessions`, { title: 'Skills practice' })).body.session;
  const started = await made.facilitator.post(`/api/sessions/${session.id}/start`);
  if (started.status !== 200) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
  const live: LiveSession = {
    groupId: made.group.id,
    sessionId: session.id,
    facilitator: { client: made.facilitator, user: made.facilitatorUser },
    participants: people
  };
  if (admission) for (const person of [live.facilitator, ...people]) admission.admit(session.id, person.user.id);
  return live;
}

export async function issuePeerId(person: Person, sessionId: string): Promise<string> {
  const res = await person.client.post(`/api/sessions/${sessionId}/media/peer`);
  if (res.status !== 201) throw new Error(`peer id refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.peerId;
}

export interface InRoom {
  /** Leaves the room's event stream (presence), as closing the tab would. */
  close(): void;
}

/**
 * Enters the live room the real way (server/routes/room.ts): a participant gives the safety check-in, everyone opens
 * the room's event stream (which is their presence), and the facilitator admits the participants.
 */
export async function enterRoom(server: SignallingServer, live: LiveSession): Promise<InRoom[]> {
  const streams: AbortController[] = [];
  const open = async (person: Person) => {
    const controller = new AbortController();
    streams.push(controller);
    const res = await fetch(`${server.origin}/api/sessions/${live.sessionId}/room/events`, {
      headers: { cookie: person.client.cookie!, accept: 'text/event-stream' },
      signal: controller.signal
    });
    if (res.status !== 200) throw new Error(`room events refused: ${res.status} ${await res.text()}`);
    // Keep reading so the stream stays open; the first chunk means the room greeted us.
    const reader = res.body!.getReader();
    await reader.read();
    void (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        /* aborted */
      }
    })();
  };
  await open(live.facilitator);
  for (const person of live.participants) {
    const checkin = await person.client.post(`/api/sessions/${live.sessionId}/room/checkin`, {
      location: 'At home, Leeds',
      emergencyContactName: 'Sam',
      emergencyContactPhone: '+44 113 496 0000'
    });
    if (checkin.status !== 201) throw new Error(`check-in refused: ${JSON.stringify(checkin.body)}`);
    await open(person);
    await roomCommand(live.facilitator, live.sessionId, { type: 'admit', userId: person.user.id });
  }
  return streams.map((controller) => ({ close: () => controller.abort() }));
}

export async function roomCommand(person: Person, sessionId: string, command: Record<string, unknown>): Promise<void> {
  const res = await person.client.post(`/api/sessions/${sessionId}/room/commands`, command);
  if (res.status !== 200) throw new Error(`room command ${String(command.type)} refused: ${res.status} ${JSON.stringify(res.body)}`);
}

/** An open signalling socket and the peer id it holds. */
export interface OpenPeer {
  socket: SignalSocket;
  peerId: string;
}

/**
 * `from` offers to `to`: true when it arrived, false when the sender was told it may not (another part of the room),
 * in which case it must not have arrived either.
 */
export async function offerAcrossParts(from: OpenPeer, to: OpenPeer, label: string): Promise<boolean> {
  const carries = (m: { payload?: any }) => (m.payload as { connectionId?: string } | undefined)?.connectionId === label;
  const mark = from.socket.messages.length;
  from.socket.send({ type: 'OFFER', dst: to.peerId, payload: { connectionId: label } });
  for (let i = 0; i < 300; i++) {
    if (to.socket.messages.some((m) => m.type === 'OFFER' && carries(m))) return true;
    const refused = from.socket.messages.slice(mark).find((m) => m.type === 'ERROR');
    if (refused) {
      expect((refused.payload as { msg: string }).msg).toBe(SIGNALLING_MESSAGES.otherPart);
      await sleep(150);
      expect(to.socket.messages.some(carries)).toBe(false);
      return false;
    }
    await sleep(10);
  }
  throw new Error(`offer ${label}: neither delivered nor refused`);
}
