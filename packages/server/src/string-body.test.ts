import { describe, expect, it } from "vitest";
import { encodeStringBody } from "./string-body.js";

describe("encodeStringBody", () => {
  it("encodes UTF-8 and gives the same bytes for the same text, short or long, up to 1 MiB", () => {
    expect(Buffer.from(encodeStringBody("héllo")).toString("latin1")).toBe("h\xc3\xa9llo");
    const long = `${"€".repeat(1100)}!`;
    const first = encodeStringBody(long);
    expect(first.byteLength).toBe(3301);
    expect(Buffer.from(first).toString("utf8")).toBe(long);
    expect(encodeStringBody(long)).toBe(first);
    const other = `${"€".repeat(1100)}?`;
    expect(Buffer.from(encodeStringBody(other)).toString("utf8")).toBe(other);
    expect(Buffer.from(encodeStringBody(long)).toString("utf8")).toBe(long);
    // Short strings are remembered too, by content: an equal string built afresh hits.
    const short = encodeStringBody("short");
    expect(encodeStringBody(["sh", "ort"].join(""))).toBe(short);
    expect(Buffer.from(encodeStringBody("shore")).toString("utf8")).toBe("shore");
    // Beyond 1 MiB nothing is remembered.
    const huge = "x".repeat(1_048_577);
    expect(encodeStringBody(huge)).not.toBe(encodeStringBody(huge));
  });
});
