import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type MultipartEvent,
  type MultipartLimits,
  MultipartParser,
  parseMultipartBoundary,
  readMultipart,
} from "./multipart.js";

const B = "----hwBoundary7MA4YWxk";
const CT = `multipart/form-data; boundary=${B}`;

/** The body a browser would send for these parts. */
function body(
  parts: { name: string; filename?: string; type?: string; value: string | Uint8Array }[],
  { preamble = "", epilogue = "" } = {},
): Buffer {
  const out: Buffer[] = [Buffer.from(preamble)];
  for (const part of parts) {
    let head = `--${B}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += "\r\n";
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`;
    out.push(Buffer.from(`${head}\r\n`), Buffer.from(part.value), Buffer.from("\r\n"));
  }
  out.push(Buffer.from(`--${B}--\r\n${epilogue}`));
  return Buffer.concat(out);
}

interface Collected {
  parts: { name: string; filename: string | undefined; contentType: string; content: string }[];
  ended: boolean;
  error: string | undefined;
}

function collect(events: MultipartEvent[], into: Collected): void {
  for (const event of events) {
    if (event.type === "part") {
      into.parts.push({
        name: event.head.name,
        filename: event.head.filename,
        contentType: event.head.contentType,
        content: "",
      });
    } else if (event.type === "data") {
      into.parts.at(-1)!.content += Buffer.from(event.data).toString("utf8");
    } else if (event.type === "end") {
      into.ended = true;
    } else if (event.type === "error") {
      into.error = event.error.code;
    }
  }
}

function parseIn(chunks: Uint8Array[], limits?: MultipartLimits): Collected {
  const parser = new MultipartParser(B, limits);
  const result: Collected = { parts: [], ended: false, error: undefined };
  for (const chunk of chunks) collect(parser.push(chunk), result);
  collect(parser.end(), result);
  return result;
}

const SAMPLE = body(
  [
    { name: "title", value: "Hello, world" },
    { name: "note", value: "two\r\nlines -- with dashes\r\n--not-the-boundary" },
    { name: "upload", filename: "a.txt", type: "text/plain", value: "file content\r\n" },
    { name: "empty", value: "" },
  ],
  { preamble: "This is the preamble.\r\n", epilogue: "This is the epilogue." },
);

const EXPECTED = [
  { name: "title", filename: undefined, contentType: "text/plain", content: "Hello, world" },
  {
    name: "note",
    filename: undefined,
    contentType: "text/plain",
    content: "two\r\nlines -- with dashes\r\n--not-the-boundary",
  },
  { name: "upload", filename: "a.txt", contentType: "text/plain", content: "file content\r\n" },
  { name: "empty", filename: undefined, contentType: "text/plain", content: "" },
];

describe("parseMultipartBoundary (RFC 2046 §5.1.1, RFC 7578 §4.1)", () => {
  it("reads token and quoted boundaries", () => {
    expect(parseMultipartBoundary(CT)).toEqual({ ok: true, value: B });
    expect(parseMultipartBoundary('multipart/form-data; boundary="a b:c"')).toEqual({
      ok: true,
      value: "a b:c",
    });
  });

  it("refuses other types, a missing, empty, too long or space-ended boundary", () => {
    for (const value of [
      "text/plain; boundary=x",
      "multipart/form-data",
      'multipart/form-data; boundary=""',
      `multipart/form-data; boundary=${"a".repeat(71)}`,
      'multipart/form-data; boundary="ab "',
      "multipart/form-data; boundary=a@b",
    ]) {
      const result = parseMultipartBoundary(value);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe("HW_SERVER_MULTIPART_INVALID_BOUNDARY");
        expect(result.error.statusHint).toBe(400);
      }
    }
  });
});

describe("MultipartParser", () => {
  it("parses a body in one chunk, ignoring preamble and epilogue", () => {
    const result = parseIn([SAMPLE]);
    expect(result.error).toBeUndefined();
    expect(result.ended).toBe(true);
    expect(result.parts).toEqual(EXPECTED);
  });

  it("gives the same result for every split into two chunks, and byte by byte", () => {
    for (let cut = 0; cut <= SAMPLE.byteLength; cut++) {
      const result = parseIn([SAMPLE.subarray(0, cut), SAMPLE.subarray(cut)]);
      expect(result.parts).toEqual(EXPECTED);
      expect(result.ended).toBe(true);
    }
    const bytes = [...SAMPLE].map((byte) => Uint8Array.of(byte));
    expect(parseIn(bytes).parts).toEqual(EXPECTED);
  });

  it("reads filename* (RFC 8187) and UTF-8 names and file names as browsers send them", () => {
    const raw = Buffer.concat([
      Buffer.from(
        `--${B}\r\nContent-Disposition: form-data; name="résumé"; filename="文件.txt"\r\n\r\nx\r\n`,
      ),
      Buffer.from(
        `--${B}\r\nContent-Disposition: form-data; name="f"; filename="fallback"; filename*=UTF-8''%E2%82%AC.pdf\r\nContent-Type: application/pdf\r\n\r\ny\r\n--${B}--`,
      ),
    ]);
    const result = parseIn([raw]);
    expect(result.error).toBeUndefined();
    expect(result.parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ["résumé", "文件.txt", "application/octet-stream"],
      ["f", "€.pdf", "application/pdf"],
    ]);
  });

  it("keeps binary content intact, CR and LF and delimiter look-alikes included", () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37 + (i >> 3)) & 0xff);
    const near = Buffer.from(`\r\n--${B.slice(0, -1)}`);
    const value = Buffer.concat([bytes, near, bytes]);
    const raw = body([{ name: "bin", filename: "b.bin", value }]);
    const parser = new MultipartParser(B);
    const pieces: Buffer[] = [];
    for (let i = 0; i < raw.byteLength; i += 777) {
      for (const event of parser.push(raw.subarray(i, i + 777))) {
        if (event.type === "data") pieces.push(Buffer.from(event.data));
        expect(event.type).not.toBe("error");
      }
    }
    expect(parser.done).toBe(true);
    expect(Buffer.concat(pieces).equals(value)).toBe(true);
  });

  it("refuses malformed bodies with HW_SERVER_MULTIPART_INVALID (400)", () => {
    const cases = [
      // no close-delimiter
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue`,
      // no Content-Disposition
      `--${B}\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--${B}--`,
      // not form-data
      `--${B}\r\nContent-Disposition: attachment; name="a"\r\n\r\nvalue\r\n--${B}--`,
      // no name
      `--${B}\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--${B}--`,
      // garbage after a delimiter
      `--${B}xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${B}--`,
      // a header line without a colon
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\nbroken\r\n\r\nv\r\n--${B}--`,
      // no parts at all
      `--${B}--`,
      // empty body
      "",
    ];
    for (const raw of cases)
      expect(parseIn([Buffer.from(raw)]).error).toBe("HW_SERVER_MULTIPART_INVALID");
  });

  it("enforces each limit with its own code", () => {
    const three = body([
      { name: "a", value: "1" },
      { name: "b", value: "2" },
      { name: "c", value: "3" },
    ]);
    expect(parseIn([three], { maxParts: 2 }).error).toBe("HW_SERVER_MULTIPART_TOO_MANY_PARTS");
    expect(parseIn([three], { maxParts: 3 }).error).toBeUndefined();
    const field = body([{ name: "a", value: "x".repeat(100) }]);
    expect(parseIn([field], { maxFieldBytes: 99 }).error).toBe(
      "HW_SERVER_MULTIPART_FIELD_TOO_LARGE",
    );
    expect(parseIn([field], { maxFieldBytes: 100 }).error).toBeUndefined();
    const file = body([{ name: "f", filename: "f", value: "y".repeat(100) }]);
    expect(parseIn([file], { maxFileBytes: 99 }).error).toBe("HW_SERVER_MULTIPART_FILE_TOO_LARGE");
    expect(parseIn([file], { maxFileBytes: 100, maxFieldBytes: 1 }).error).toBeUndefined();
    const header = Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: ${"p".repeat(500)}\r\n\r\nv\r\n--${B}--`,
    );
    expect(parseIn([header], { maxPartHeaderBytes: 256 }).error).toBe(
      "HW_SERVER_MULTIPART_HEADERS_TOO_LARGE",
    );
    // An unterminated header section is refused as soon as it passes the limit.
    const endless = Buffer.from(`--${B}\r\nX-Pad: ${"p".repeat(1000)}`);
    const parser = new MultipartParser(B, { maxPartHeaderBytes: 256 });
    expect(parser.push(endless).at(-1)).toMatchObject({
      type: "error",
      error: { code: "HW_SERVER_MULTIPART_HEADERS_TOO_LARGE", statusHint: 413 },
    });
    expect(parseIn([three], { maxTotalBytes: three.byteLength - 1 }).error).toBe(
      "HW_SERVER_MULTIPART_TOO_LARGE",
    );
  });

  it("never throws on arbitrary input, in any chunking", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 40 }),
            fc
              .constantFrom(
                `--${B}`,
                `\r\n--${B}`,
                "\r\n",
                "--",
                'Content-Disposition: form-data; name="a"\r\n\r\n',
                '; filename="f"',
              )
              .map((text) => Buffer.from(text)),
          ),
          { maxLength: 20 },
        ),
        (chunks) => {
          const parser = new MultipartParser(B, { maxPartHeaderBytes: 64, maxParts: 3 });
          for (const chunk of chunks) parser.push(chunk);
          parser.end();
        },
      ),
      { numRuns: 300 },
    );
  });
});

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

describe("readMultipart", () => {
  it("yields fields with values and files as streams", async () => {
    const seen: string[] = [];
    for await (const part of readMultipart(chunksOf(SAMPLE, 7), CT)) {
      if (part.kind === "field") seen.push(`field ${part.name}=${part.value}`);
      else seen.push(`file ${part.name} ${part.filename} ${part.contentType} ${await part.text()}`);
    }
    expect(seen).toEqual([
      "field title=Hello, world",
      "field note=two\r\nlines -- with dashes\r\n--not-the-boundary",
      "file upload a.txt text/plain file content\r\n",
      "field empty=",
    ]);
  });

  it("skips a file the consumer did not read", async () => {
    const raw = body([
      { name: "f", filename: "big.bin", value: "z".repeat(10_000) },
      { name: "after", value: "still here" },
    ]);
    const names: string[] = [];
    for await (const part of readMultipart(chunksOf(raw, 100), CT)) {
      names.push(part.name);
      if (part.kind === "field") expect(part.value).toBe("still here");
    }
    expect(names).toEqual(["f", "after"]);
  });

  it("throws the typed error of a limit while streaming a file", async () => {
    const raw = body([{ name: "f", filename: "big.bin", value: "z".repeat(10_000) }]);
    let error: unknown;
    try {
      for await (const part of readMultipart(chunksOf(raw, 100), CT, { maxFileBytes: 1000 })) {
        if (part.kind === "file") for await (const _ of part) void _;
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: "HW_SERVER_MULTIPART_FILE_TOO_LARGE", statusHint: 413 });
  });
});
