/** Relay metrics in Prometheus text format (prom-client), on a registry of their own so tests can run several relays. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class RelayMetrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({ name: 'relay_connections', help: 'Open collaboration connections', registers: [this.registry] });
  readonly documents = new Gauge({ name: 'relay_documents_in_memory', help: 'Documents loaded in memory', registers: [this.registry] });
  readonly updates = new Counter({ name: 'relay_updates_total', help: 'Accepted document updates (rate() gives updates per second)', registers: [this.registry] });
  /**
   * Bytes in and out are counted per message and per peer (nine times per update in a room of ten): plain numbers,
   * handed to prom-client only when /metrics is read, so the hot path pays an addition, not a Counter.inc.
   */
  bytesInUncounted = 0;
  bytesOutUncounted = 0;
  readonly bytesIn = new Counter({
    name: 'relay_bytes_in_total',
    help: 'Bytes received on collaboration connections',
    registers: [this.registry],
    collect: () => {
      this.bytesIn.inc(this.bytesInUncounted);
      this.bytesInUncounted = 0;
    }
  });
  readonly bytesOut = new Counter({
    name: 'relay_bytes_out_total',
    help: 'Bytes sent on collaboration connections',
    registers: [this.registry],
    collect: () => {
      this.bytesOut.inc(this.bytesOutUncounted);
      this.bytesOutUncounted = 0;
    }
  });
  readonly persistSeconds = new Histogram({
    name: 'relay_persist_seconds',
    help: 'Time for a batch of updates to become durable (group commit)',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry]
  });
  readonly persistBatchSize = new Histogram({
    name: 'relay_persist_batch_size',
    help: 'Updates written per transaction',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
    registers: [this.registry]
  });
  readonly persistRetries = new Counter({ name: 'relay_persist_retries_total', help: 'Update log writes retried', registers: [this.registry] });
  readonly compactions = new Counter({ name: 'relay_compactions_total', help: 'Compactions of update logs into snapshots', registers: [this.registry] });
  readonly refused = new Counter({
    name: 'relay_refused_connections_total',
    help: 'Connections refused or closed by the relay, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry]
  });
  readonly droppedWrites = new Counter({ name: 'relay_dropped_readonly_updates_total', help: 'Updates sent on read-only connections and dropped', registers: [this.registry] });

  /** Process metrics (CPU, memory, event loop lag) too; call once per process. */
  withProcessMetrics(): this {
    collectDefaultMetrics({ register: this.registry });
    return this;
  }
}
