import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isHyperwireError } from "@hyperwire/grammar";
import { describe, expect, it } from "vitest";
import { ServerError, ServerErrorCode } from "./errors.js";

const here = new URL(".", import.meta.url).pathname;

/** Every `HW_SERVER_…` string in the package's non-test sources. */
function codesUsedInSources(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const name of readdirSync(here)) {
    if (!name.endsWith(".ts") || name.endsWith(".test.ts")) continue;
    const text = readFileSync(join(here, name), "utf8");
    for (const match of text.matchAll(/HW_SERVER_[A-Z0-9_]*[A-Z0-9]/g)) {
      const files = used.get(match[0]) ?? [];
      files.push(name);
      used.set(match[0], files);
    }
  }
  return used;
}

describe("ServerErrorCode", () => {
  it("lists every code the sources use", () => {
    const table = new Set<string>(Object.values(ServerErrorCode));
    const missing = [...codesUsedInSources()]
      .filter(([code]) => !table.has(code))
      .map(([code, files]) => `${code} (${files.join(", ")})`);
    expect(missing).toEqual([]);
  });

  it("maps each key to HW_SERVER_<key>, with no duplicates", () => {
    for (const [key, code] of Object.entries(ServerErrorCode))
      expect(code).toBe(`HW_SERVER_${key}`);
    expect(new Set(Object.values(ServerErrorCode)).size).toBe(Object.keys(ServerErrorCode).length);
  });

  it("holds the core's codes", () => {
    expect(ServerErrorCode.INVALID_OPTIONS).toBe("HW_SERVER_INVALID_OPTIONS");
    expect(ServerErrorCode.NOT_LISTENING).toBe("HW_SERVER_NOT_LISTENING");
    expect(ServerErrorCode.CLIENT_GONE).toBe("HW_SERVER_CLIENT_GONE");
    expect(ServerErrorCode.REQUEST_TIMEOUT).toBe("HW_SERVER_REQUEST_TIMEOUT");
    expect(ServerErrorCode.INVALID_RESPONSE).toBe("HW_SERVER_INVALID_RESPONSE");
    expect(ServerErrorCode.INVALID_JSON).toBe("HW_SERVER_INVALID_JSON");
    expect(ServerErrorCode.UNSUPPORTED_FORM).toBe("HW_SERVER_UNSUPPORTED_FORM");
  });

  it("ServerError is a branded HyperwireError carrying code and statusHint", () => {
    const error = new ServerError(ServerErrorCode.INVALID_JSON, "bad", { statusHint: 400 });
    expect(isHyperwireError(error)).toBe(true);
    expect(error.code).toBe("HW_SERVER_INVALID_JSON");
    expect(error.statusHint).toBe(400);
  });
});
