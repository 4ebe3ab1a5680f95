import { describe, expect, test } from "vitest";
import { latin1, latin1Portable } from "./latin1.js";

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe("latin1", () => {
  test("native and portable decoders agree on every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = String.fromCharCode(...all);
    expect(latin1(all, 0, 256)).toBe(expected);
    expect(latin1Portable(all, 0, 256)).toBe(expected);
    expect(latin1Portable(bytesOf("plain ascii"), 6, 11)).toBe("ascii");
    expect(latin1(all, 5, 5)).toBe("");
  });
});
