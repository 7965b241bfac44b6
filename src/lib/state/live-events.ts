/**
 * One Server-Sent Events stream per page (/api/me/events) shared by every component that wants to know when
 * something changed in one of the person's groups: a session started or ended, a board was created, locked,
 * unlocked or archived, a worksheet was started. The stream says only what changed; components fetch again.
 * It opens with the first listener and closes with the last; EventSource reconnects by itself.
 */
export type GroupChange = { groupId: string; what: 'sessions' | 'boards' | 'worksheets' | 'membership' };
type Listener = (change: GroupChange) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

export function onGroupChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!source && typeof EventSource !== 'undefined') {
    source = new EventSource('/api/me/events');
    source.addEventListener('group', (event) => {
      const change = JSON.parse((event as MessageEvent).data) as GroupChange;
      for (const each of [...listeners]) each(change);
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = null;
    }
  };
}
