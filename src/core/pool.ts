import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerTask } from './worker.js';

interface Job {
  id: number;
  task: WorkerTask;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Threads to use by default: one per core the process may run on. */
export function defaultWorkers(): number {
  return os.availableParallelism();
}

/**
 * Starts the worker script next to this module. From dist/ it is plain JavaScript. From source
 * (tests, tsx) it is TypeScript: the thread first registers tsx's loader, then imports it, because a
 * loader given in a thread's execArgv does not apply to the thread's own entry module on Node 20.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  // tsx's ESM API, found through its package's exports map (require.resolve would give the CommonJS one).
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

/**
 * Tasks sent to a thread before it answers the first: the next task is already waiting when a thread
 * finishes one, instead of a message round trip later (threads idled a quarter of the parse stage).
 */
const SENT_AHEAD = 2;

/** A fixed set of worker threads running tasks from one queue. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** Tasks each thread has been sent and not yet answered, by id. */
  private readonly running = new Map<Worker, Map<number, Job>>();
  private lastId = 0;
  /** Tasks for one particular thread (see `each`), taken before the shared queue. */
  private readonly own = new Map<Worker, Job[]>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = startWorker();
    this.workers.push(worker);
    this.own.set(worker, []);
    this.running.set(worker, new Map());
    worker.on('message', (reply: WorkerReply) => {
      const job = this.running.get(worker)?.get(reply.id);
      this.running.get(worker)?.delete(reply.id);
      if ('error' in reply) job?.reject(new Error(reply.error));
      else job?.resolve(reply.result);
      this.next();
    });
    // A thread that dies (out of memory, a bug outside the task's try) fails its tasks and is replaced.
    const lost = (error: Error) => {
      if (!this.workers.includes(worker)) return;
      this.workers.splice(this.workers.indexOf(worker), 1);
      for (const job of this.running.get(worker)?.values() ?? []) job.reject(error);
      this.running.delete(worker);
      for (const job of this.own.get(worker) ?? []) job.reject(error);
      this.own.delete(worker);
      if (!this.closed) {
        this.spawn();
        this.next();
      }
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`A worker thread stopped unexpectedly (exit code ${code}).`)));
  }

  run<T>(task: WorkerTask): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: ++this.lastId, task, resolve: resolve as (value: unknown) => void, reject });
      this.next();
    });
  }

  /** Runs the same task once on every thread, e.g. loading the site they will render pages of. */
  async each(task: WorkerTask): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            this.own.get(worker)!.push({ id: ++this.lastId, task, resolve: () => resolve(), reject });
            this.next();
          }),
      ),
    );
  }

  private next(): void {
    if (this.closed) {
      for (const job of [...this.queue.splice(0), ...[...this.own.values()].flatMap((jobs) => jobs.splice(0))]) job.reject(new Error('The worker pool is closed.'));
      return;
    }
    for (const worker of this.workers) {
      const running = this.running.get(worker)!;
      while (running.size < SENT_AHEAD) {
        const job = this.own.get(worker)!.shift() ?? this.queue.shift();
        if (!job) break;
        running.set(job.id, job);
        worker.postMessage({ id: job.id, task: job.task } satisfies WorkerRequest);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.next();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
