import { describe, expect, it } from "vitest";
import { skipOws, trimOws } from "./ows.js";

describe("skipOws (RFC 9110 §5.6.3)", () => {
  it("skips SP and HTAB only", () => {
    expect(skipOws("a \t ;", 1)).toBe(4);
    expect(skipOws("a;", 1)).toBe(1);
    expect(skipOws("a  ", 1)).toBe(3);
    expect(skipOws("a\r\n", 1)).toBe(1);
    expect(skipOws("", 0)).toBe(0);
  });
});

describe("trimOws (RFC 9110 §5.6.3)", () => {
  it("removes leading and trailing SP/HTAB", () => {
    expect(trimOws(" \tgzip \t")).toBe("gzip");
    expect(trimOws("a b")).toBe("a b");
    expect(trimOws("   ")).toBe("");
    expect(trimOws("")).toBe("");
  });
  it("leaves other whitespace alone, unlike String.prototype.trim", () => {
    expect(trimOws("\u00a0x\u00a0")).toBe("\u00a0x\u00a0");
    expect(trimOws("\r\nx\n")).toBe("\r\nx\n");
    expect(trimOws("\vx")).toBe("\vx");
  });
});
