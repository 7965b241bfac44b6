/** Messages between the relay benchmark runner and its client worker processes (over the fork IPC channel). */
import type { RoomTarget } from '../lib/yclient';

export interface ConnectCommand {
  type: 'connect';
  rooms: RoomTarget[];
  clientsPerRoom: number;
  /** Global index of this worker's first client, so stamps name their sender uniquely across workers. */
  firstClientIndex: number;
  /** Sockets opening at the same time in this worker. */
  concurrency: number;
}

export interface RunCommand {
  type: 'run';
  /** Updates per client per second. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** After the last send, how long to wait for outstanding deliveries. */
  drainMs: number;
  /**
   * 'therapy': every client sends its cursor (awareness) at 20 Hz, and the first two clients of each room draw
   * strokes at 60 updates/s for 2 s out of every 5; `rate` is then unused.
   */
  workload?: 'default' | 'therapy';
}

export type WorkerCommand = ConnectCommand | RunCommand | { type: 'close' };

export interface ConnectedReport {
  type: 'connected';
  clients: number;
  failures: string[];
  ms: number;
}

export interface RunReport {
  type: 'result';
  /** Propagation latencies in ms of updates sent inside the measured window, one per receiving client. */
  latencies: number[];
  /** Updates sent inside the measured window. */
  sent: number;
  /** Deliveries those sends should produce: sent x (clients in the room - 1). */
  expected: number;
  /** Deliveries observed for them, by the end of the drain. */
  delivered: number;
  /** Clients whose socket closed during the run, with the reason. */
  dropped: string[];
  /** Largest send buffer seen on a client socket (bytes). */
  maxBuffered: number;
  /** Therapy workload: awareness messages sent in the window and the latencies of their deliveries (ms). */
  awarenessSent?: number;
  awarenessLatencies?: number[];
}

export type WorkerReport = ConnectedReport | RunReport | { type: 'closed' } | { type: 'error'; message: string };
