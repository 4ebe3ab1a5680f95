import { type Fields, parseVary } from "@hyperwire/headers";
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
  // The Vary list grammar lives in @hyperwire/headers; a value it cannot read
  // is kept as it is and the names are added after it.
  const parsed = current === null ? null : parseVary(current);
  if (parsed?.ok === true && parsed.value === "*") return;
  const listed = parsed?.ok === true && parsed.value !== "*" ? parsed.value : [];
  const added = names.filter((name) => !listed.includes(name.toLowerCase()));
  if (added.length === 0) return;
  fields.set(
    "Vary",
    current === null || current.trim() === ""
      ? added.join(", ")
      : `${current}, ${added.join(", ")}`,
  );
}
