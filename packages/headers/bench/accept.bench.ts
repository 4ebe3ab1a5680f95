// Content negotiation: hyperwire against `negotiator` (jshttp), with the Accept*
// fields a current browser sends. Run alone: npx tsx packages/headers/bench/accept.bench.ts
import Negotiator from "negotiator";
import {
  negotiateEncoding,
  negotiateLanguage,
  negotiateMediaType,
  preferredMediaTypes,
} from "../src/index.js";
import { compare } from "./compare.js";

const accept =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
const acceptEncoding = "gzip, deflate, br, zstd";
const acceptLanguage = "en-US,en;q=0.9,fr;q=0.8,de;q=0.7";
const headers = { accept, "accept-encoding": acceptEncoding, "accept-language": acceptLanguage };
const types = ["application/json", "text/html", "text/plain"];

await compare("Accept negotiation", [
  {
    name: "media type among 3 offers",
    hyperwire: () => negotiateMediaType(accept, types),
    reference: () => new Negotiator({ headers }).mediaType(types),
    referenceName: "negotiator",
  },
  {
    name: "media types, sorted ranges (no offers)",
    hyperwire: () => preferredMediaTypes(accept),
    reference: () => new Negotiator({ headers }).mediaTypes(),
    referenceName: "negotiator",
  },
  {
    name: "encoding among br, gzip, identity",
    hyperwire: () => negotiateEncoding(acceptEncoding, ["br", "gzip", "identity"]),
    reference: () => new Negotiator({ headers }).encoding(["br", "gzip", "identity"]),
    referenceName: "negotiator",
  },
  {
    name: "language among fr, en, de",
    hyperwire: () => negotiateLanguage(acceptLanguage, ["fr", "en", "de"]),
    reference: () => new Negotiator({ headers }).language(["fr", "en", "de"]),
    referenceName: "negotiator",
  },
]);
