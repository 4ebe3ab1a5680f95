import { readdirSync, readlinkSync } from "node:fs";

/** Whether this platform lists a process's descriptors under /proc/self/fd (Linux). */
export function canListDescriptors(): boolean {
  try {
    readdirSync("/proc/self/fd");
    return true;
  } catch {
    return false;
  }
}

/** The targets of this process's descriptors that point into `dir` (Linux: /proc/self/fd). */
export function descriptorsInto(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // closed while we looked
    }
  }
  return open;
}

/**
 * The descriptors still open into `dir` once they had up to `ms` to close
 * (closing is asynchronous): polled in a bounded loop, `[]` when all closed.
 */
export async function descriptorsLeftInto(dir: string, ms = 2_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  let open = descriptorsInto(dir);
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    open = descriptorsInto(dir);
  }
  return open;
}
