#!/usr/bin/env node
import { formatHttpDate } from "../packages/grammar/dist/index.js";
import {
  RequestParser,
  ResponseParser,
  serializeRequestHead,
  serializeResponseHead,
} from "../packages/h1/dist/index.js";
// The quick-start demo until apps/demo-server exists: one request/response
// exchange through the sans-IO codec, printed as it would cross the wire.
import { Fields, negotiateMediaType } from "../packages/headers/dist/index.js";
import { isIdempotentMethod } from "../packages/methods/dist/index.js";

const latin1 = new TextDecoder("latin1");
const show = (label, bytes) => {
  console.log(`--- ${label} (${bytes.length} bytes)`);
  for (const line of latin1.decode(bytes).split("\r\n")) console.log(`  ${line}`);
};

// The client side: a GET that prefers JSON.
const requestBytes = serializeRequestHead({
  method: "GET",
  target: "/greeting?name=world",
  version: "1.1",
  headers: new Fields({
    Host: "127.0.0.1:8080",
    Accept: "text/html;q=0.5, application/json",
    "User-Agent": "hyperwire-demo",
  }),
});
show("request sent", requestBytes);

// The server side parses it and negotiates a representation.
let request;
new RequestParser({ onHead: (head) => (request = head) }).push(requestBytes);
const type = negotiateMediaType(request.headers.get("accept"), ["text/html", "application/json"]);
const name = new URL(request.target, "http://localhost").searchParams.get("name");
console.log(`\nserver parsed: ${request.method} ${request.target} HTTP/${request.version}`);
console.log(
  `  idempotent: ${isIdempotentMethod(request.method)}, keep-alive: ${request.keepAlive}, negotiated: ${type}\n`,
);

const body = new TextEncoder().encode(JSON.stringify({ hello: name }));
const responseHead = serializeResponseHead({
  status: 200,
  version: "1.1",
  headers: new Fields({
    Date: formatHttpDate(Date.now()),
    "Content-Type": `${type}; charset=utf-8`,
    "Content-Length": String(body.length),
    Vary: "Accept",
  }),
});
const responseBytes = new Uint8Array(responseHead.length + body.length);
responseBytes.set(responseHead);
responseBytes.set(body, responseHead.length);
show("response sent", responseBytes);

// The client parses the response, split at an awkward place to show the parser is incremental.
const received = [];
const responses = new ResponseParser({
  onHead: (head) =>
    console.log(
      `\nclient parsed: HTTP/${head.version} ${head.status} ${head.reason}, framing ${head.framing.kind}`,
    ),
  onBody: (chunk) => received.push(latin1.decode(chunk)),
  onMessageComplete: () => console.log(`  body: ${received.join("")}`),
});
responses.expectResponse("GET");
responses.push(responseBytes.subarray(0, 17));
responses.push(responseBytes.subarray(17));
