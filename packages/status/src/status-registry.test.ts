import { describe, expect, it } from "vitest";
import { STATUS_CODES } from "./status-registry.js";

// An independent transcription of the IANA HTTP Status Code Registry (code,
// description), typed in separately from the table so a slip in one shows up.
const IANA: ReadonlyArray<readonly [number, string]> = [
  [100, "Continue"],
  [101, "Switching Protocols"],
  [102, "Processing"],
  [103, "Early Hints"],
  [104, "Upload Resumption Supported"],
  [200, "OK"],
  [201, "Created"],
  [202, "Accepted"],
  [203, "Non-Authoritative Information"],
  [204, "No Content"],
  [205, "Reset Content"],
  [206, "Partial Content"],
  [207, "Multi-Status"],
  [208, "Already Reported"],
  [226, "IM Used"],
  [300, "Multiple Choices"],
  [301, "Moved Permanently"],
  [302, "Found"],
  [303, "See Other"],
  [304, "Not Modified"],
  [305, "Use Proxy"],
  [306, "(Unused)"],
  [307, "Temporary Redirect"],
  [308, "Permanent Redirect"],
  [400, "Bad Request"],
  [401, "Unauthorized"],
  [402, "Payment Required"],
  [403, "Forbidden"],
  [404, "Not Found"],
  [405, "Method Not Allowed"],
  [406, "Not Acceptable"],
  [407, "Proxy Authentication Required"],
  [408, "Request Timeout"],
  [409, "Conflict"],
  [410, "Gone"],
  [411, "Length Required"],
  [412, "Precondition Failed"],
  [413, "Content Too Large"],
  [414, "URI Too Long"],
  [415, "Unsupported Media Type"],
  [416, "Range Not Satisfiable"],
  [417, "Expectation Failed"],
  [418, "(Unused)"],
  [421, "Misdirected Request"],
  [422, "Unprocessable Content"],
  [423, "Locked"],
  [424, "Failed Dependency"],
  [425, "Too Early"],
  [426, "Upgrade Required"],
  [428, "Precondition Required"],
  [429, "Too Many Requests"],
  [431, "Request Header Fields Too Large"],
  [451, "Unavailable For Legal Reasons"],
  [500, "Internal Server Error"],
  [501, "Not Implemented"],
  [502, "Bad Gateway"],
  [503, "Service Unavailable"],
  [504, "Gateway Timeout"],
  [505, "HTTP Version Not Supported"],
  [506, "Variant Also Negotiates"],
  [507, "Insufficient Storage"],
  [508, "Loop Detected"],
  [510, "Not Extended"],
  [511, "Network Authentication Required"],
];

describe("STATUS_CODES", () => {
  it("holds exactly the registered codes, ascending, once each", () => {
    expect(STATUS_CODES.map((s) => s.code)).toEqual(IANA.map(([code]) => code));
    expect(STATUS_CODES).toHaveLength(64);
  });

  it.each(IANA)("%i %s", (code, reason) => {
    expect(STATUS_CODES.find((s) => s.code === code)?.reason).toBe(reason);
  });

  it("has no row for unassigned codes (104 is temporary, 419, 420, 427, 430, 509 are unassigned)", () => {
    const codes = new Set<number>(STATUS_CODES.map((s) => s.code));
    for (const code of [
      105, 199, 209, 225, 227, 299, 309, 399, 419, 420, 427, 430, 450, 452, 509, 512, 599,
    ]) {
      expect(codes.has(code), String(code)).toBe(false);
    }
  });

  it("derives each class from the first digit", () => {
    for (const s of STATUS_CODES) expect(s.class).toBe(Number(String(s.code)[0]));
  });

  it("marks 306 and 418 unused, 104 temporary, 510 obsoleted, all else assigned", () => {
    const by = (r: string) => STATUS_CODES.filter((s) => s.registration === r).map((s) => s.code);
    expect(by("unused")).toEqual([306, 418]);
    expect(by("temporary")).toEqual([104]);
    expect(by("obsoleted")).toEqual([510]);
    expect(by("assigned")).toHaveLength(60);
  });

  it("lists the heuristically cacheable codes of RFC 9110 §15.1 and RFC 7725 §3", () => {
    expect(STATUS_CODES.filter((s) => s.heuristicallyCacheable).map((s) => s.code)).toEqual([
      200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501,
    ]);
  });

  it("has the x00 of every class, which unrecognised codes resolve to", () => {
    for (const base of [100, 200, 300, 400, 500]) {
      expect(STATUS_CODES.find((s) => s.code === base)?.registration).toBe("assigned");
    }
  });

  it("gives every assigned code a constant, unique, in upper snake case", () => {
    const constants = STATUS_CODES.flatMap((s) => (s.constant === null ? [] : [s.constant]));
    expect(new Set(constants).size).toBe(constants.length);
    for (const c of constants) expect(c).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    expect(STATUS_CODES.filter((s) => s.constant === null).map((s) => s.code)).toEqual([306, 418]);
  });

  it("uses reason phrases that are valid on the wire (RFC 9112 §4: HTAB / SP / VCHAR)", () => {
    for (const s of STATUS_CODES) expect(s.reason).toMatch(/^[\t\x20-\x7e]+$/);
  });

  it("cites a reference for every row, and is frozen", () => {
    expect(Object.isFrozen(STATUS_CODES)).toBe(true);
    for (const s of STATUS_CODES) {
      expect(s.reference, String(s.code)).toMatch(/^(RFC \d+ §\d|draft-)/);
      expect(Object.isFrozen(s)).toBe(true);
    }
  });
});
