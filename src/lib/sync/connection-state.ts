/**
 * The state of one collaborative document's connection, as people see it, computed from provider events by a
 * pure reducer (tested without sockets). The Svelte class in collab.svelte.ts feeds it.
 */
import { CLOSE_MESSAGES, closeName, isPermanentClose, READ_ONLY_REASON } from '../core/protocol';

export type SyncStatus = 'connecting' | 'synced' | 'offline' | 'read-only' | 'refused';

export interface SyncState {
  status: SyncStatus;
  /** The server said this connection may only read (board locked, archived, or the role only reads). */
  readOnly: boolean;
  /**
   * The relay upgraded this open connection to writing (a board unlocked) since it last said read-only: its verdict,
   * made on fresh rights, so a page may let the person draw before it has fetched the board's new lock state.
   */
  granted: boolean;
  /** Set when the relay refused or cut the connection for good: a code and words for people. */
  refusal: { code: number; reason: string; message: string } | null;
}

export type SyncEvent =
  | { type: 'connecting' }
  | { type: 'synced' }
  | { type: 'permission-denied'; reason: string }
  /** The relay upgraded this open connection: it may write now (a board unlocked). */
  | { type: 'write-granted' }
  | { type: 'closed'; code: number; reason: string }
  | { type: 'browser-offline' };

export const initialSyncState: SyncState = { status: 'connecting', readOnly: false, granted: false, refusal: null };

export function nextSyncState(state: SyncState, event: SyncEvent): SyncState {
  if (state.refusal && event.type !== 'connecting') return state;
  switch (event.type) {
    case 'connecting':
      // A new attempt: rights are re-announced by the server once connected.
      return { status: 'connecting', readOnly: false, granted: false, refusal: null };
    case 'synced':
      return { ...state, status: state.readOnly ? 'read-only' : 'synced' };
    case 'permission-denied':
      return event.reason === READ_ONLY_REASON || event.reason === ''
        ? { ...state, readOnly: true, granted: false, status: 'read-only' }
        : { ...state, status: 'refused', refusal: { code: 0, reason: event.reason, message: CLOSE_MESSAGES.forbidden } };
    case 'write-granted':
      return { ...state, readOnly: false, granted: true, status: state.status === 'read-only' ? 'synced' : state.status };
    case 'closed': {
      if (isPermanentClose(event.code)) {
        const name = closeName(event.code);
        return {
          status: 'refused',
          readOnly: state.readOnly,
          granted: false,
          refusal: { code: event.code, reason: event.reason, message: name ? CLOSE_MESSAGES[name] : CLOSE_MESSAGES.forbidden }
        };
      }
      return { ...state, status: 'offline' };
    }
    case 'browser-offline':
      return { ...state, status: 'offline' };
  }
}

/** The WebSocket base URL for documents on `origin` (http -> ws, https -> wss). */
export function collabBaseUrl(origin: string, path = '/collab'): string {
  return origin.replace(/^http/, 'ws').replace(/\/$/, '') + path;
}

/** Words for the indicator. */
export function describeSyncState(state: SyncState): string {
  switch (state.status) {
    case 'connecting':
      return 'Connecting…';
    case 'synced':
      return 'Up to date';
    case 'offline':
      return 'Offline. Your changes stay here and are sent when the connection returns.';
    case 'read-only':
      return 'View only. A facilitator has locked this for now.';
    case 'refused':
      return state.refusal?.message ?? 'Not available.';
  }
}
