/**
 * What each person shares through Yjs awareness while on a board: who they are (name and a colour for their cursor),
 * where their pointer is, and their viewport (so others can follow a facilitator's view). Remote states are
 * untrusted input: they are validated here, and the viewport to follow is taken only from known facilitators.
 */
import { type Point, isColour } from './elements';

/** The awareness field the board writes its presence under. */
export const PRESENCE_FIELD = 'board';

export interface PresenceUser {
  id: string;
  name: string;
  colour: string;
}

/** A view of the board: the board point at the centre of the screen, and the zoom. */
export interface BoardViewport {
  x: number;
  y: number;
  zoom: number;
}

export interface BoardPresence {
  user: PresenceUser;
  /** In board units; null when the pointer is off the board. */
  cursor: Point | null;
  viewport: BoardViewport | null;
}

export interface RemotePresence extends BoardPresence {
  clientId: number;
}

export const MAX_NAME_LENGTH = 40;
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function readPoint(value: unknown): Point | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y } = value as Record<string, unknown>;
  return finite(x) && finite(y) ? { x, y } : null;
}

function readViewport(value: unknown): BoardViewport | null {
  const centre = readPoint(value);
  const zoom = centre ? (value as Record<string, unknown>).zoom : undefined;
  if (!centre || !finite(zoom)) return null;
  return { ...centre, zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)) };
}

/** A whole awareness state (one client's) → its board presence, or null when it has none or it is malformed. */
export function readPresence(state: unknown): BoardPresence | null {
  if (typeof state !== 'object' || state === null) return null;
  const presence = (state as Record<string, unknown>)[PRESENCE_FIELD];
  if (typeof presence !== 'object' || presence === null) return null;
  const { user, cursor, viewport } = presence as Record<string, unknown>;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, colour } = user as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string') return null;
  return {
    user: { id, name: name.trim().slice(0, MAX_NAME_LENGTH) || 'Someone', colour: isColour(colour) ? colour : '#4a5863' },
    cursor: readPoint(cursor),
    viewport: readViewport(viewport)
  };
}

/** Everyone else's presence (not this client's), in client order. */
export function remotePresences(states: Map<number, unknown>, selfClientId: number): RemotePresence[] {
  const others: RemotePresence[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const presence = readPresence(state);
    if (presence) others.push({ clientId, ...presence });
  }
  return others.sort((a, b) => a.clientId - b.clientId);
}

/**
 * The viewport to follow: a facilitator's (by user id, from the group's roles, never from what a client claims),
 * preferring the first facilitator in `facilitatorIds` order.
 */
export function facilitatorViewport(
  states: Map<number, unknown>,
  selfClientId: number,
  facilitatorIds: readonly string[]
): BoardViewport | null {
  const candidates = remotePresences(states, selfClientId).filter((presence) => presence.viewport);
  for (const id of facilitatorIds) {
    const found = candidates.find((presence) => presence.user.id === id);
    if (found) return found.viewport;
  }
  return null;
}

/** A colour for a person's cursor, stable for their user id. */
export function colourForUser(userId: string): string {
  const palette = ['#1b5fd1', '#c62828', '#2e7d32', '#6a3fb5', '#b45309', '#00838f', '#ad1457', '#4e342e'];
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}
