import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkerTask } from './worker.js';

interface WorkerRequest<Task> {
  id: number;
  task: Task;
}

type WorkerReply = { id: number } & ({ result: unknown } | { error: string });

interface Job<Task> {
  id: number;
  task: Task;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Threads to use by default: one per core the process may run on. */
export function defaultWorkers(): number {
  return os.availableParallelism();
}

/**
 * The script of a thread, `name` beside the module at `base` (its import.meta.url): JavaScript from
 * dist/, TypeScript when pmkb runs from source (tests, tsx).
 */
export function threadScript(base: string, name: string): URL {
  return new URL(`./${name}${path.extname(new URL(base).pathname)}`, base);
}

/** The parse and render thread. */
const PARSE_AND_RENDER = threadScript(import.meta.url, 'worker');

/**
 * Starts a thread running `script`. From source, the thread first registers tsx's loader, then
 * imports it, because a loader given in a thread's execArgv does not apply to the thread's own entry
 * module on Node 20.
 */
export function startWorker(script: URL, options: WorkerOptions = {}): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, options);
  // tsx's ESM API, found through its package's exports map (require.resolve would give the CommonJS one).
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
  const entry = script.href;
  return new Worker(`import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
}

/**
 * Tasks sent to a thread before it answers the first: the next task is already waiting when a thread
 * finishes one, instead of a message round trip later (threads idled a quarter of the parse stage).
 */
const SENT_AHEAD = 2;

/** A fixed set of worker threads running tasks from one queue; `script` answers them with serveTasks(). */
export class WorkerPool<Task = WorkerTask> {
  private readonly workers: Worker[] = [];
  /** Tasks each thread has been sent and not yet answered, by id. */
  private readonly running = new Map<Worker, Map<number, Job<Task>>>();
  private lastId = 0;
  /** Tasks for one particular thread (see `each`), taken before the shared queue. */
  private readonly own = new Map<Worker, Array<Job<Task>>>();
  private readonly queue: Array<Job<Task>> = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly script = PARSE_AND_RENDER,
    private readonly options: WorkerOptions = {},
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(slot = this.workers.length): void {
    const worker = startWorker(this.script, this.options);
    this.workers[slot] = worker;
    this.own.set(worker, []);
    this.running.set(worker, new Map());
    worker.on('message', (reply: WorkerReply) => {
      const job = this.running.get(worker)?.get(reply.id);
      this.running.get(worker)?.delete(reply.id);
      if ('error' in reply) job?.reject(new Error(reply.error));
      else job?.resolve(reply.result);
      this.next();
    });
    // A thread that dies (out of memory, a bug outside the task's try) fails its tasks and is replaced
    // in its place, so runOn's thread numbers still name the same threads.
    const lost = (error: Error) => {
      const slot = this.workers.indexOf(worker);
      if (slot === -1) return;
      for (const job of this.running.get(worker)?.values() ?? []) job.reject(error);
      this.running.delete(worker);
      for (const job of this.own.get(worker) ?? []) job.reject(error);
      this.own.delete(worker);
      if (this.closed) {
        this.workers.splice(slot, 1);
      } else {
        this.spawn(slot);
        this.next();
      }
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`A worker thread stopped unexpectedly (exit code ${code}).`)));
  }

  run<T>(task: Task): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: ++this.lastId, task, resolve: resolve as (value: unknown) => void, reject });
      this.next();
    });
  }

  /** Runs the same task once on every thread, e.g. loading the site they will render pages of. */
  async each(task: Task): Promise<void> {
    await Promise.all(this.workers.map((_, thread) => this.runOn(thread, task)));
  }

  /**
   * Runs a task on one particular thread (by its number, below `size`), after the tasks sent to it
   * before: for threads that keep state of their own between tasks.
   */
  runOn<T>(thread: number, task: Task): Promise<T> {
    const worker = this.workers[thread];
    if (!worker) return Promise.reject(new Error(`The worker pool has no thread ${thread}.`));
    return new Promise<T>((resolve, reject) => {
      this.own.get(worker)!.push({ id: ++this.lastId, task, resolve: resolve as (value: unknown) => void, reject });
      this.next();
    });
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
        worker.postMessage({ id: job.id, task: job.task } satisfies WorkerRequest<Task>);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.next();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** In a thread's script: answers the pool's tasks with `handle`, each reply tagged with its task's id. */
export function serveTasks<Task>(handle: (task: Task) => Promise<unknown>): void {
  parentPort?.on('message', ({ id, task }: WorkerRequest<Task>) => {
    handle(task).then(
      (result) => parentPort!.postMessage({ id, result } satisfies WorkerReply),
      (error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
    );
  });
}
