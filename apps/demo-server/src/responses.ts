import type { ServerResponse } from "@hyperwire/server";

/**
 * A JSON response, pretty-printed (people read these in a terminal) with a
 * final newline so the shell prompt starts on its own line.
 *
 * @example
 * ```ts
 * return json({ origin: request.remoteAddress });
 * ```
 */
export function json(
  value: unknown,
  status = 200,
  headers: Record<string, string> = {},
): ServerResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: `${JSON.stringify(value, null, 2)}\n`,
  };
}

/** A 400 that says which parameter was wrong and why. */
export function badRequest(message: string): ServerResponse {
  return json({ error: message }, 400);
}

/**
 * Parses a decimal integer parameter within [min, max]; returns the number
 * or an error message naming the parameter and its bounds.
 */
export function boundedInteger(
  name: string,
  text: string | null | undefined,
  { min, max, fallback }: { min: number; max: number; fallback?: number },
): number | string {
  if (text === null || text === undefined || text === "") {
    if (fallback !== undefined) return fallback;
    return `${name} is required`;
  }
  if (!/^\d{1,15}$/.test(text)) return `${name} must be a whole number`;
  const value = Number(text);
  if (value < min || value > max) return `${name} must be between ${min} and ${max}`;
  return value;
}

/** Like {@link boundedInteger} for seconds with a fraction (`0.5`). */
export function boundedSeconds(
  name: string,
  text: string | null | undefined,
  { max, fallback }: { max: number; fallback: number },
): number | string {
  if (text === null || text === undefined || text === "") return fallback;
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(text)) return `${name} must be a number of seconds`;
  const value = Number(text);
  if (value > max) return `${name} must be at most ${max} seconds`;
  return value;
}

/** Waits `ms`, or less when `signal` fires (the client left); resolves either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
