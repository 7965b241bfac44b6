/** A live session with a facilitator and participants, each with a peer id issued by the API. */
import type { TestApp, TestClient } from '../helpers/test-app';
import { groupWithParticipant } from '../helpers/test-app';
import type { admissionList, SignallingServer } from './server';

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
