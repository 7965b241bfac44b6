/** How several relay processes act as one: per-document fan-out of accepted updates and presence, and rights events. */
export type BusKind = 'update' | 'awareness';

export interface RelayBus {
  /** Resolves once subscribed, so a load that follows misses nothing. */
  subscribe(docName: string, onMessage: (kind: BusKind, bytes: Uint8Array) => void): Promise<void>;
  unsubscribe(docName: string): void;
  publish(docName: string, kind: BusKind, bytes: Uint8Array): void;
  publishEvent(event: { name: string; payload: unknown }): void;
  onEvent(listener: (event: { name: string; payload: unknown }) => void): void;
  close(): Promise<void>;
}
