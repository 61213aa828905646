// The load generator watching itself: k6's CPU time, sampled from
// /proc/<pid>/stat (utime + stime, in clock ticks; proc(5)), and the CPUs it
// may run on (Cpus_allowed_list in /proc/<pid>/status). On a system without
// /proc the watch reports nothing, and the search relies on k6's own metrics.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** CPU seconds (user + system) the process has used, or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; fields after the last ')' are fixed: utime is 14th, stime 15th overall.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** How many CPUs the process may run on ("0-1,3" → 3). */
export function usableCpus(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Cpus_allowed_list:'));
    const list = line?.split(':')[1]?.trim();
    if (!list) return availableParallelism();
    return list.split(',').reduce((n, part) => {
      const [a, b] = part.split('-').map(Number);
      return n + (b === undefined ? 1 : b! - a! + 1);
    }, 0);
  } catch {
    return availableParallelism();
  }
}

/** The whole machine's busy and total CPU ticks so far (first line of /proc/stat) and its CPU count, when readable. */
export function hostTicks(): { busy: number; total: number; cpus: number } | undefined {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const f = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    // Counted from /proc/stat, not availableParallelism(): the harness itself may be pinned to fewer CPUs.
    const cpus = lines.filter((l) => /^cpu\d+ /.test(l)).length || availableParallelism();
    return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total, cpus };
  } catch {
    return undefined;
  }
}

/** hostBusy: share of the machine's hostCpus in use during the watch (k6, the target if local, anything else). */
export type GeneratorCpu = { meanCores: number; peakCores: number; usableCpus: number; samples: number; hostBusy?: number; hostCpus?: number };

/** Samples the process every `everyMs` until stop(); cores = CPU seconds per wall second. */
export function watchCpu(pid: number, everyMs = 1000): { stop(): GeneratorCpu } {
  const usable = existsSync(`/proc/${pid}`) ? usableCpus(pid) : availableParallelism();
  const first = { t: Date.now(), cpu: cpuSeconds(pid) };
  const host0 = hostTicks();
  let last = first;
  let peak = 0;
  let samples = 0;
  const timer = setInterval(() => {
    const now = { t: Date.now(), cpu: cpuSeconds(pid) };
    if (now.cpu !== undefined && last.cpu !== undefined && now.t > last.t) {
      peak = Math.max(peak, (now.cpu - last.cpu) / ((now.t - last.t) / 1000));
      samples++;
      last = now;
    }
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const mean = first.cpu !== undefined && last.cpu !== undefined && last.t > first.t ? (last.cpu - first.cpu) / ((last.t - first.t) / 1000) : 0;
      const host1 = hostTicks();
      const hostBusy = host0 && host1 && host1.total > host0.total ? (host1.busy - host0.busy) / (host1.total - host0.total) : undefined;
      return { meanCores: mean, peakCores: peak, usableCpus: usable, samples, ...(hostBusy !== undefined ? { hostBusy, hostCpus: host1!.cpus } : {}) };
    },
  };
}
