import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { WorkerCommand, WorkerReport } from './worker-protocol';

/** A client worker process and a typed request/answer over its IPC channel. */
export class Worker {
  private readonly child: ChildProcess;
  private pending?: { resolve(report: WorkerReport): void; reject(error: Error): void };

  constructor() {
    this.child = fork(path.join(import.meta.dirname, 'client-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    this.child.on('message', (report: WorkerReport) => {
      const pending = this.pending;
      this.pending = undefined;
      if (report.type === 'error') pending?.reject(new Error(report.message));
      else pending?.resolve(report);
    });
    this.child.on('exit', (code) => this.pending?.reject(new Error(`client worker exited with ${code}`)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<T extends WorkerReport>(command: WorkerCommand, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client worker: no answer to ${command.type} in ${timeoutMs} ms`)), timeoutMs);
      this.pending = {
        resolve: (report) => {
          clearTimeout(timer);
          resolve(report as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        }
      };
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request({ type: 'close' }, 10_000).catch(() => this.child.kill('SIGKILL'));
    await Promise.race([exited, sleep(5_000).then(() => this.child.kill('SIGKILL'))]);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
