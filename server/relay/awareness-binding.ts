/**
 * Presence is bound to the signed-in person. A y-protocols awareness update is a list of (client id, clock, state
 * JSON); the relay rewrites every `user` part of a state (at its top, as worksheets put it, or one level down, as
 * the board's presence field does) to the sender's own id and name before anyone else sees it, so nobody can appear
 * as the facilitator (whose viewport "follow the facilitator" follows) or as anyone else.
 *
 * Written here rather than taken from a library: y-protocols has no hook between decoding and applying an update.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state's JSON text ("null" when the client leaves). */
  state: string;
}

export interface PresencePerson {
  userId: string;
  displayName: string;
}

/** Throws on anything that is not a well-formed update (the caller closes the sender). */
export function decodeAwarenessUpdate(update: Uint8Array, maxEntries = 1000): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > maxEntries) throw new Error('too many entries');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
  }
  return entries;
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rewrites the `user` parts of one state to `person`; returns the state unchanged when it names no user. */
export function bindState(stateJson: string, person: PresencePerson): string {
  let state: unknown;
  try {
    state = JSON.parse(stateJson);
  } catch {
    throw new Error('awareness state is not JSON');
  }
  if (!isObject(state)) return stateJson;
  const bind = (holder: Record<string, unknown>) => {
    if (!('user' in holder)) return;
    const claimed = isObject(holder.user) ? holder.user : {};
    holder.user = { ...claimed, id: person.userId, name: person.displayName };
  };
  bind(state);
  for (const value of Object.values(state)) if (isObject(value)) bind(value);
  return JSON.stringify(state);
}

/** The update with every state bound to `person`. */
export function bindAwarenessUpdate(entries: AwarenessEntry[], person: PresencePerson): Uint8Array {
  return encodeAwarenessUpdate(entries.map((entry) => ({ ...entry, state: bindState(entry.state, person) })));
}
