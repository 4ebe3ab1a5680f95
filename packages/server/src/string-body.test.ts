import { describe, expect, it } from "vitest";
import { encodeStringBody } from "./string-body.js";

describe("encodeStringBody", () => {
  it("encodes UTF-8, short and long, and gives the same bytes for the same long text", () => {
    expect(Buffer.from(encodeStringBody("héllo")).toString("latin1")).toBe("h\xc3\xa9llo");
    const long = `${"€".repeat(1100)}!`;
    const first = encodeStringBody(long);
    expect(first.byteLength).toBe(3301);
    expect(Buffer.from(first).toString("utf8")).toBe(long);
    expect(encodeStringBody(long)).toBe(first);
    const other = `${"€".repeat(1100)}?`;
    expect(Buffer.from(encodeStringBody(other)).toString("utf8")).toBe(other);
    expect(Buffer.from(encodeStringBody(long)).toString("utf8")).toBe(long);
    // Short strings are encoded each time (nothing remembered).
    expect(encodeStringBody("short")).not.toBe(encodeStringBody("short"));
  });
});
