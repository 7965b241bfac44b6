/** The session_state document of a session: its name, and the way back from the name to the session. */
const PREFIX = 'session_state:';

export const sessionStateDocName = (sessionId: string) => `${PREFIX}${sessionId}`;

export function sessionIdOfDocName(docName: string): string | undefined {
  return docName.startsWith(PREFIX) ? docName.slice(PREFIX.length) : undefined;
}
