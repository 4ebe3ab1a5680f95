import { LIMITS } from "./limits.js";

/** One row of the endpoint table shown on the home page. */
export interface EndpointRow {
  /** Group heading on the home page. */
  readonly group: string;
  /** Methods answered ("any" for every token). */
  readonly methods: string;
  /** The path pattern, as documented. */
  readonly path: string;
  /** A live link that shows the endpoint at work (GET-able). */
  readonly example: string;
  /** What it shows, in one sentence. */
  readonly description: string;
}

/**
 * Every endpoint of the demo, one row each: the home page is rendered from
 * this table (the README's table says the same in Markdown).
 */
export const ENDPOINTS: readonly EndpointRow[] = [
  {
    group: "Request inspection",
    methods: "GET",
    path: "/get",
    example: "/get?hello=world",
    description:
      "The request as the server saw it: method, URL, query, header lines, client address.",
  },
  {
    group: "Request inspection",
    methods: "POST",
    path: "/post",
    example: "/upload",
    description:
      "The echo plus the content: form fields, files (urlencoded and multipart), JSON or text.",
  },
  {
    group: "Request inspection",
    methods: "PUT, PATCH, DELETE",
    path: "/put, /patch, /delete",
    example: "/put",
    description: "Same as /post for the other methods; a GET on them gets 405 with Allow.",
  },
  {
    group: "Request inspection",
    methods: "any",
    path: "/anything/…",
    example: "/anything/you/like?x=1",
    description: "Any method token, any path below: everything echoed.",
  },
  {
    group: "Request inspection",
    methods: "GET",
    path: "/headers",
    example: "/headers",
    description: "The header section, line by line, names as sent.",
  },
  {
    group: "Request inspection",
    methods: "GET",
    path: "/ip",
    example: "/ip",
    description: "The client address.",
  },
  {
    group: "Request inspection",
    methods: "GET",
    path: "/user-agent",
    example: "/user-agent",
    description: "The User-Agent field.",
  },
  {
    group: "Status codes and redirects",
    methods: "GET, POST, …",
    path: "/status/:code",
    example: "/status/418",
    description: "Answers with that status (200–599) and the fields it calls for.",
  },
  {
    group: "Status codes and redirects",
    methods: "GET",
    path: "/redirect/:n",
    example: "/redirect/3",
    description: `n 302 redirects, then /get (n ≤ ${LIMITS.redirects}).`,
  },
  {
    group: "Status codes and redirects",
    methods: "GET, POST, …",
    path: "/redirect-to?url=&status=",
    example: "/redirect-to?url=/get&status=307",
    description: "One redirect to a path on this server, with a 3xx status (default 302).",
  },
  {
    group: "Cookies",
    methods: "GET",
    path: "/cookies",
    example: "/cookies",
    description: "The cookies the client sent.",
  },
  {
    group: "Cookies",
    methods: "GET",
    path: "/cookies/set?name=value",
    example: "/cookies/set?flavour=oatmeal",
    description: "Sets each pair, then 302 to /cookies.",
  },
  {
    group: "Cookies",
    methods: "GET",
    path: "/cookies/delete?name",
    example: "/cookies/delete?flavour",
    description: "Expires each name, then 302 to /cookies.",
  },
  {
    group: "Authentication",
    methods: "GET",
    path: "/basic-auth/:user/:pass",
    example: "/basic-auth/ada/lovelace",
    description: "Basic authentication (RFC 7617) with the credentials in the path.",
  },
  {
    group: "Authentication",
    methods: "GET",
    path: "/digest-auth/:qop/:user/:pass",
    example: "/digest-auth/auth/ada/lovelace",
    description:
      "Digest authentication (RFC 7616), SHA-256 and MD5; qop is auth, or auth-int to sign the content too.",
  },
  {
    group: "Caching and conditional requests",
    methods: "GET",
    path: "/cache",
    example: "/cache",
    description: "ETag and Last-Modified; 304 on a matching If-None-Match or If-Modified-Since.",
  },
  {
    group: "Caching and conditional requests",
    methods: "GET",
    path: "/cache/:n",
    example: "/cache/60",
    description: "Cache-Control: public, max-age=n (n ≤ 86400).",
  },
  {
    group: "Caching and conditional requests",
    methods: "GET",
    path: "/etag/:etag",
    example: "/etag/abc",
    description: 'ETag "etag": If-None-Match → 304, a failing If-Match → 412.',
  },
  {
    group: "Content",
    methods: "GET",
    path: "/range/:n",
    example: "/range/26",
    description: `n bytes of the alphabet with byte ranges: 206, multipart/byteranges, 416 (n ≤ ${LIMITS.rangeBytes}).`,
  },
  {
    group: "Content",
    methods: "GET",
    path: "/bytes/:n",
    example: "/bytes/64",
    description: `n random bytes (n ≤ ${LIMITS.bytes}).`,
  },
  {
    group: "Content",
    methods: "GET",
    path: "/stream/:n",
    example: "/stream/5",
    description: `n JSON lines, chunked (n ≤ ${LIMITS.streamLines}).`,
  },
  {
    group: "Content",
    methods: "GET",
    path: "/drip?duration=&numbytes=&delay=&code=",
    example: "/drip?duration=2&numbytes=5",
    description: `numbytes bytes spread over duration seconds after delay seconds (≤ ${LIMITS.dripBytes} bytes, ≤ ${LIMITS.dripSeconds} s each).`,
  },
  {
    group: "Content",
    methods: "GET, POST, …",
    path: "/delay/:s",
    example: "/delay/1",
    description: `The echo after s seconds (s ≤ ${LIMITS.delaySeconds}).`,
  },
  {
    group: "Content",
    methods: "GET",
    path: "/gzip, /brotli, /deflate",
    example: "/gzip",
    description: "The echo with that Content-Encoding, whatever Accept-Encoding says.",
  },
  {
    group: "Browser pages",
    methods: "GET",
    path: "/sse",
    example: "/sse.html",
    description: `Server-Sent Events: count ticks every interval ms (≤ ${LIMITS.sseEvents} events); /sse.html shows them.`,
  },
  {
    group: "Browser pages",
    methods: "GET",
    path: "/upload",
    example: "/upload",
    description: "A form that uploads files as multipart/form-data to /post.",
  },
  {
    group: "Browser pages",
    methods: "GET",
    path: "/cors.html",
    example: "/cors.html",
    description: "A cross-origin fetch to the API on another origin, allowed by CORS.",
  },
  {
    group: "Browser pages",
    methods: "GET",
    path: "/static/*",
    example: "/static/site.css",
    description: "Files from apps/demo-server/public, with ETag, ranges and conditional requests.",
  },
];
