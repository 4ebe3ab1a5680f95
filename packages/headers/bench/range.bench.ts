// Range parsing: hyperwire against `range-parser` (jshttp).
// Run alone: npx tsx packages/headers/bench/range.bench.ts
import rangeParser from "range-parser";
import { parseRange } from "../src/index.js";
import { compare } from "./compare.js";

const size = 1_000_000;
const many = `bytes=${Array.from({ length: 50 }, (_, i) => `${i * 1000}-${i * 1000 + 499}`).join(", ")}`;

await compare("Range", [
  {
    name: "bytes=0-499",
    hyperwire: () => parseRange("bytes=0-499", size),
    reference: () => rangeParser(size, "bytes=0-499"),
    referenceName: "range-parser",
  },
  {
    name: "bytes=-500",
    hyperwire: () => parseRange("bytes=-500", size),
    reference: () => rangeParser(size, "bytes=-500"),
    referenceName: "range-parser",
  },
  {
    name: "3 ranges, combined",
    hyperwire: () => parseRange("bytes=0-499, 400-999, -100", size, { combine: true }),
    reference: () => rangeParser(size, "bytes=0-499, 400-999, -100", { combine: true }),
    referenceName: "range-parser",
  },
  {
    name: "50 disjoint ranges",
    hyperwire: () => parseRange(many, size),
    reference: () => rangeParser(size, many),
    referenceName: "range-parser",
  },
]);
