// Content-Type parsing and formatting: hyperwire against `content-type` (jshttp).
// Run alone: npx tsx packages/headers/bench/content-type.bench.ts
import * as contentType from "content-type";
import { formatMediaType, parseContentType } from "../src/index.js";
import { compare } from "./compare.js";

const inputs = {
  "application/json": "application/json",
  "text/html; charset=utf-8": "text/html; charset=utf-8",
  "multipart boundary (quoted)":
    'multipart/form-data; boundary="----WebKitFormBoundary7MA4YWxkTrZu0gW"',
  'Text/HTML; Charset="UTF-8"; a=b': 'Text/HTML; Charset="UTF-8"; a=b',
};

await compare("Content-Type", [
  ...Object.entries(inputs).map(([name, value]) => ({
    name: `parse ${name}`,
    hyperwire: () => parseContentType(value),
    reference: () => contentType.parse(value),
    referenceName: "content-type",
  })),
  {
    name: "format text/html; charset=utf-8",
    hyperwire: () =>
      formatMediaType({ type: "text", subtype: "html", parameters: { charset: "utf-8" } }),
    reference: () => contentType.format({ type: "text/html", parameters: { charset: "utf-8" } }),
    referenceName: "content-type",
  },
]);
