import { readFileSync } from "node:fs";
import { createClientConnection } from "../../src/infra/redis.ts";

/** utime + stime (ms) from a `/proc/.../stat` file; NaN when it cannot be read. */
function cpuMsFromStat(file: string): number {
  try {
    const stat = readFileSync(file, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux). NaN when there is
 * no such process (it has exited, or this is not Linux), so a figure built on it shows as NaN
 * rather than as a plausible number.
 */
export function cpuMsOf(pid: number | undefined): number {
  return pid === undefined ? Number.NaN : cpuMsFromStat(`/proc/${pid}/stat`);
}

/**
 * CPU time (ms) of a process's main thread alone (NaN as above). The rest of the process is
 * V8's helper threads: concurrent marking and compilation, which a CPU profile does not show.
 */
export function mainThreadCpuMs(pid: number): number {
  return cpuMsFromStat(`/proc/${pid}/task/${pid}/stat`);
}

/** CPU time (user + system, ms) this process has used so far. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU time redis-server has used so far, in ms (its INFO: main thread and children). */
export async function redisCpuMs(redisUrl: string): Promise<number> {
  const redis = createClientConnection(redisUrl);
  try {
    const info = await redis.info("cpu");
    const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1000;
  } finally {
    redis.disconnect();
  }
}
