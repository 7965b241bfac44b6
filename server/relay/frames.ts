/**
 * Reading and writing y-websocket frames. Reading never trusts its input: any framing error becomes a
 * MalformedFrame, which the relay turns into a 4400 close for that connection only.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AUTH_MESSAGE, MESSAGE_TYPE, READ_WRITE_REASON, SYNC_STEP } from '../../src/lib/core/protocol';

export type Frame =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  /** `raw`: the whole frame as received, forwarded as it is when the update applied exactly (server/relay/room.ts). */
  | { type: 'update'; update: Uint8Array; raw: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' };

export class MalformedFrame extends Error {}

export function readFrame(bytes: Uint8Array): Frame {
  try {
    if (bytes.byteLength === 0) throw new MalformedFrame('empty frame');
    const decoder = decoding.createDecoder(bytes);
    const frame = readBody(decoder, bytes);
    if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes');
    return frame;
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new MalformedFrame((error as Error).message || 'unreadable frame');
  }
}

function readBody(decoder: decoding.Decoder, bytes: Uint8Array): Frame {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_TYPE.sync: {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SYNC_STEP.step1) return { type: 'sync-step1', stateVector: payload };
      if (step === SYNC_STEP.step2) return { type: 'sync-step2', update: payload };
      if (step === SYNC_STEP.update) return { type: 'update', update: payload, raw: bytes };
      throw new MalformedFrame(`unknown sync step ${step}`);
    }
    case MESSAGE_TYPE.awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case MESSAGE_TYPE.queryAwareness:
      return { type: 'query-awareness' };
    case MESSAGE_TYPE.auth:
      // Clients have nothing to say here; read and ignore the body.
      decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
      return { type: 'auth' };
    default:
      throw new MalformedFrame(`unknown message type ${type}`);
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_TYPE.sync);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

export const syncStep1Frame = (stateVector: Uint8Array) => syncFrame(SYNC_STEP.step1, stateVector);
export const syncStep2Frame = (update: Uint8Array) => syncFrame(SYNC_STEP.step2, update);
export const updateFrame = (update: Uint8Array) => syncFrame(SYNC_STEP.update, update);

export const awarenessFrame = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_TYPE.awareness);
    encoding.writeVarUint8Array(e, update);
  });

export const writeGrantedFrame = () =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_TYPE.auth);
    encoding.writeVarUint(e, AUTH_MESSAGE.writeGranted);
    encoding.writeVarString(e, READ_WRITE_REASON);
  });

export const permissionDeniedFrame = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_TYPE.auth);
    encoding.writeVarUint(e, AUTH_MESSAGE.permissionDenied);
    encoding.writeVarString(e, reason);
  });
