/** fast-check arbitraries for valid HTTP/1.1 messages, shared by the round-trip and differential tests. */
import fc from "fast-check";

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const TCHAR_EXTRA = "!#$%&'*+-.^_`|~";
const PCHAR = `${ALNUM}ABCXYZ-._~!$&'()*+,;=:@`;
const VCHAR_NO_WS = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) =>
  String.fromCharCode(0x21 + i),
).join("");

const charsOf = (chars: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(""));

/** Extension field names that collide with nothing the codec interprets. */
export const fieldName: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("X-", "x-", "Sec-Test-"), charsOf(`${ALNUM}ABC${TCHAR_EXTRA}`, 1, 12))
  .map(([p, s]) => p + s);

/** field-value without leading/trailing whitespace (RFC 9110 §5.5). */
export const fieldValue: fc.Arbitrary<string> = fc.oneof(
  fc.constant(""),
  fc
    .array(
      fc.oneof({ weight: 6, arbitrary: charsOf(VCHAR_NO_WS, 1, 8) }, fc.constantFrom(" ", "\t")),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .map((parts) => parts.join("").trim()),
);

export const fields: fc.Arbitrary<[string, string][]> = fc.array(fc.tuple(fieldName, fieldValue), {
  maxLength: 8,
});

export const target: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(charsOf(PCHAR, 0, 10), { minLength: 1, maxLength: 4 }),
    fc.option(charsOf(`${PCHAR}/?`, 0, 12), { nil: undefined }),
  )
  .map(([segments, query]) => `/${segments.join("/")}${query === undefined ? "" : `?${query}`}`);

/** Content and the way it is cut into chunks. */
export const body: fc.Arbitrary<Uint8Array[]> = fc.array(
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  {
    maxLength: 4,
  },
);

export interface GeneratedRequest {
  method: string;
  target: string;
  version: "1.0" | "1.1";
  fields: [string, string][];
  framing: "none" | "length" | "chunked";
  body: Uint8Array[];
  trailers: [string, string][];
  close: boolean;
}

export const request: fc.Arbitrary<GeneratedRequest> = fc
  .record({
    method: fc.constantFrom(
      "GET",
      "POST",
      "PUT",
      "DELETE",
      "PATCH",
      "OPTIONS",
      "QUERY",
      "PROPFIND",
    ),
    target,
    version: fc.constantFrom("1.1" as const, "1.1" as const, "1.0" as const),
    fields,
    framing: fc.constantFrom("none" as const, "length" as const, "chunked" as const),
    body,
    trailers: fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 2 }),
    close: fc.boolean(),
  })
  .map((r) => ({
    ...r,
    framing: r.version === "1.0" && r.framing === "chunked" ? "length" : r.framing,
    body: r.framing === "none" ? [] : r.body,
    trailers: r.framing === "chunked" && r.version === "1.1" ? r.trailers : [],
  }));

export interface GeneratedResponse {
  status: number;
  reason: string;
  version: "1.0" | "1.1";
  fields: [string, string][];
  framing: "length" | "chunked" | "close";
  body: Uint8Array[];
  trailers: [string, string][];
}

export const response: fc.Arbitrary<GeneratedResponse> = fc
  .record({
    status: fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 304),
    reason: fc.oneof(
      fc.constant(""),
      fc.constantFrom("OK", "Not Found", "Custom Reason"),
      charsOf(`${ALNUM} `, 1, 10).map((s) => s.trim() || "R"),
    ),
    version: fc.constantFrom("1.1" as const, "1.0" as const),
    fields,
    framing: fc.constantFrom("length" as const, "chunked" as const, "close" as const),
    body,
    trailers: fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 2 }),
  })
  .map((r) => ({
    ...r,
    framing: r.version === "1.0" && r.framing === "chunked" ? "length" : r.framing,
    trailers: r.framing === "chunked" && r.version === "1.1" ? r.trailers : [],
  }));
