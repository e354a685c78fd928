import { readFileSync } from "node:fs";
import { createClientConnection } from "../../src/infra/redis.ts";

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux). NaN when there is
 * no such process (it has exited, or this is not Linux), so a figure built on it shows as NaN
 * rather than as a plausible number.
 */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime, in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
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
