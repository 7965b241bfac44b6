/**
 * A client worker process for the relay benchmark: opens its share of the rooms' clients, then on each `run`
 * command every client sends `rate` small updates per second (each client at its own random phase) and every
 * other client of the room reports when the update arrived. Started by run.ts with `fork` (tsx loader).
 */
import { BenchClient, monotonicMs, type Stamp } from '../lib/yclient';
import type { ConnectCommand, RunCommand, WorkerCommand, WorkerReport } from './worker-protocol';

const clients: BenchClient[] = [];
const roomSize = new Map<string, number>();

interface Window {
  from: number;
  to: number;
  latencies: number[];
  delivered: number;
  awarenessLatencies: number[];
}
let window: Window | undefined;

function report(message: WorkerReport): void {
  process.send!(message);
}

function onStamp([sender, , sentAt]: Stamp, receivedAt: number, receiver: BenchClient): void {
  if (!window || sender === receiver.index || sentAt < window.from || sentAt > window.to) return;
  window.latencies.push(Math.round((receivedAt - sentAt) * 100) / 100);
  window.delivered++;
}

function onAwarenessStamp([sender, , sentAt]: Stamp, receivedAt: number, receiver: BenchClient): void {
  if (!window || sender === receiver.index || sentAt < window.from || sentAt > window.to) return;
  window.awarenessLatencies.push(Math.round((receivedAt - sentAt) * 100) / 100);
}

/** Cursor updates per second per person, and the drawing pattern, of the therapy-group workload. */
const CURSOR_HZ = 20;
const STROKE_HZ = 60;
const DRAW_MS = 2_000;
const CYCLE_MS = 5_000;
const DRAWERS_PER_ROOM = 2;

async function connect(command: ConnectCommand): Promise<void> {
  const started = performance.now();
  let next = command.firstClientIndex;
  for (const room of command.rooms) {
    roomSize.set(room.docName, command.clientsPerRoom);
    for (let i = 0; i < command.clientsPerRoom; i++) clients.push(new BenchClient(room, next++, onStamp, onAwarenessStamp));
  }
  const failures: string[] = [];
  let cursor = 0;
  const opener = async () => {
    while (cursor < clients.length) {
      const client = clients[cursor++];
      await client.open().catch((error: Error) => failures.push(error.message));
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, opener));
  report({ type: 'connected', clients: clients.length, failures, ms: Math.round(performance.now() - started) });
}

async function run(command: RunCommand): Promise<void> {
  const active = clients.filter((client) => client.synced && !client.closedEarly);
  const periodMs = 1000 / command.rate;
  const start = monotonicMs();
  const stopAt = start + command.warmupMs + command.durationMs;
  window = { from: start + command.warmupMs, to: stopAt, latencies: [], delivered: 0, awarenessLatencies: [] };
  let sent = 0;
  let expected = 0;
  let maxBuffered = 0;
  let awarenessSent = 0;
  if (command.workload === 'therapy') {
    const positions = new Map<string, number>();
    const timers = active.flatMap((client) => {
      const position = positions.get(client.target.docName) ?? 0;
      positions.set(client.target.docName, position + 1);
      const every = (hz: number, tick: (now: number) => void) => {
        let interval: NodeJS.Timeout | undefined;
        const first = setTimeout(() => {
          interval = setInterval(() => {
            const now = monotonicMs();
            if (now < stopAt) tick(now);
          }, 1000 / hz);
        }, Math.random() * (1000 / hz));
        return () => {
          clearTimeout(first);
          clearInterval(interval);
        };
      };
      const stops = [
        every(CURSOR_HZ, (now) => {
          client.sendAwareness(now);
          if (now >= window!.from) awarenessSent++;
        })
      ];
      if (position < DRAWERS_PER_ROOM) {
        const phase = Math.random() * CYCLE_MS;
        stops.push(
          every(STROKE_HZ, (now) => {
            if ((now - start + phase) % CYCLE_MS >= DRAW_MS) return;
            client.sendUpdate(now);
            maxBuffered = Math.max(maxBuffered, client.buffered);
            if (now >= window!.from) {
              sent++;
              expected += roomSize.get(client.target.docName)! - 1;
            }
          })
        );
      }
      return stops;
    });
    await sleep(stopAt - monotonicMs());
    for (const stop of timers) stop();
    return finish(command, active, sent, expected, maxBuffered, awarenessSent);
  }
  const timers = active.map((client) => {
    const tick = () => {
      const now = monotonicMs();
      if (now >= stopAt) return;
      client.sendUpdate(now);
      maxBuffered = Math.max(maxBuffered, client.buffered);
      if (now >= window!.from) {
        sent++;
        expected += roomSize.get(client.target.docName)! - 1;
      }
    };
    // Random phase so that the clients' sends spread over each period instead of arriving in bursts.
    let interval: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      tick();
      interval = setInterval(tick, periodMs);
    }, Math.random() * periodMs);
    return () => {
      clearTimeout(first);
      clearInterval(interval);
    };
  });
  await sleep(stopAt - monotonicMs());
  for (const stop of timers) stop();
  return finish(command, active, sent, expected, maxBuffered, awarenessSent);
}

async function finish(command: RunCommand, active: BenchClient[], sent: number, expected: number, maxBuffered: number, awarenessSent: number) {
  const drainUntil = monotonicMs() + command.drainMs;
  while (window!.delivered < expected && monotonicMs() < drainUntil) await sleep(50);
  const result = window!;
  window = undefined;
  const dropped = active.filter((client) => client.closedEarly).map((client) => `${client.target.docName}#${client.index}: ${client.closedEarly}`);
  report({
    type: 'result',
    latencies: result.latencies,
    sent,
    expected,
    delivered: result.delivered,
    dropped,
    maxBuffered,
    awarenessSent,
    awarenessLatencies: result.awarenessLatencies
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

process.on('message', (command: WorkerCommand) => {
  const work =
    command.type === 'connect'
      ? connect(command)
      : command.type === 'run'
        ? run(command)
        : Promise.all(clients.map((client) => client.close())).then(() => {
            report({ type: 'closed' });
            process.disconnect();
          });
  work.catch((error: Error) => report({ type: 'error', message: error.stack ?? error.message }));
});
process.on('disconnect', () => process.exit(0));
