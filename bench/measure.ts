import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which `p` percent of the values fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// Loaded into every Node child: reports the process's peak resident memory (worker threads included) on exit.
const RSS_PROBE = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nBENCH_MAX_RSS_KB='+process.resourceUsage().maxRSS+'\\n'))`;

export interface Run {
  ms: number;
  /** Peak resident set size in MB, when it could be measured. */
  rssMb?: number;
  stderr: string;
  stdout: string;
}

/**
 * Runs a command to completion and times it from spawn to exit, as a user at a prompt would see it.
 * Node programs get a probe that reports their peak memory; for others GNU time is used when present.
 */
export function run(command: string, args: readonly string[], options: { cwd: string; node?: boolean; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const [file, argv] = options.node ? [process.execPath, ['--import', RSS_PROBE, command, ...args]] : [command, [...args]];
  const gnuTime = !options.node && existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = gnuTime
      ? spawn(gnuTime, ['-f', 'BENCH_MAX_RSS_KB=%M', file, ...argv], { cwd: options.cwd, env: { ...process.env, ...options.env } })
      : spawn(file, argv, { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
      const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(stderr)?.[1];
      resolve({ ms, ...(rss ? { rssMb: Number(rss) / 1024 } : {}), stdout, stderr });
    });
  });
}

/** Stage timings from `pmkb build`'s "Timings: config 1.4ms, parse 20ms, …" line. */
export function stageTimings(stderr: string): Record<string, number> {
  const line = /^Timings: (.*)$/m.exec(stderr)?.[1] ?? '';
  return Object.fromEntries([...line.matchAll(/([\w+]+) ([\d.]+)ms/g)].map((m) => [m[1]!, Number(m[2])]));
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
