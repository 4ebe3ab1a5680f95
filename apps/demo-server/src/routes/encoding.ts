import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import type { Router, ServerRequest, ServerResponse } from "@hyperwire/server";
import { describeRequest } from "../echo.js";

type Coding = "gzip" | "br" | "deflate";

const COMPRESS: Record<Coding, (input: Uint8Array) => Uint8Array> = {
  gzip: (input) => gzipSync(input),
  br: (input) => brotliCompressSync(input),
  // RFC 9110 §8.4.1.2: "deflate" is the zlib format (RFC 1950), not raw deflate.
  deflate: (input) => deflateSync(input),
};

function encoded(coding: Coding, flag: "gzipped" | "brotli" | "deflated") {
  return async (request: ServerRequest): Promise<ServerResponse> => {
    const echo = { [flag]: true, ...(await describeRequest(request, { content: false })) };
    const text = `${JSON.stringify(echo, null, 2)}\n`;
    return {
      headers: {
        "content-type": "application/json",
        // Sent encoded whatever Accept-Encoding says, as httpbin does: the point is
        // to see a client decode it (`curl --compressed`).
        "content-encoding": coding,
        vary: "Accept-Encoding",
      },
      body: COMPRESS[coding](new TextEncoder().encode(text)),
    };
  };
}

/** `/gzip`, `/brotli` and `/deflate`: the echo, always sent with that content coding. */
export function registerEncodingRoutes(router: Router): void {
  router.get("/gzip", encoded("gzip", "gzipped"));
  router.get("/brotli", encoded("br", "brotli"));
  router.get("/deflate", encoded("deflate", "deflated"));
}
