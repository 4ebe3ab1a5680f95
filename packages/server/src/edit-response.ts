import type { Fields } from "@hyperwire/headers";
import { responseFields } from "./response-body.js";
import type { ServerResponse } from "./server-response.js";

/**
 * Returns `response` with each of `fields` added unless the handler already
 * set a field of that name: the application's own value always wins. @internal
 */
export function addMissingFields(
  response: ServerResponse,
  fields: Iterable<readonly [string, string]>,
): ServerResponse {
  const out = responseFields(response);
  for (const [name, value] of fields) if (!out.has(name)) out.append(name, value);
  return { ...response, headers: out };
}

/**
 * Adds `names` to the Vary field of `fields` (RFC 9110 §12.5.5), keeping what
 * is there and not repeating a name already listed (compared
 * case-insensitively); `Vary: *` already covers everything. @internal
 */
export function appendVary(fields: Fields, ...names: string[]): void {
  const current = fields.get("vary");
  const listed = new Set(
    (current ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ""),
  );
  if (listed.has("*")) return;
  const added = names.filter((name) => !listed.has(name.toLowerCase()));
  if (added.length === 0) return;
  fields.set(
    "Vary",
    current === null || current.trim() === ""
      ? added.join(", ")
      : `${current}, ${added.join(", ")}`,
  );
}
