/**
 * Test oracle: llhttp, the parser inside Node, reached through Node's internal
 * `http_parser` binding (deprecated, present in Node 20–24). Each input is
 * parsed in strict mode (no lenient flags), as node:http does by default.
 */

export interface ParsedMessage {
  method?: string;
  target?: string;
  status?: number;
  version: string;
  /** Raw field lines, name casing as received. */
  fields: [string, string][];
  body: string;
  keepAlive: boolean;
  upgrade: boolean;
}

export interface ParseOutcome {
  messages: ParsedMessage[];
  /** Error code when the input was rejected (after the messages parsed before it). */
  error: string | null;
}

interface Binding {
  HTTPParser: {
    new (): {
      initialize(type: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
      execute(data: Buffer): number | (Error & { code: string });
      finish(): undefined | (Error & { code: string });
      close?(): void;
      [key: number]: unknown;
    };
    REQUEST: number;
    RESPONSE: number;
    kOnHeaders: number;
    kOnHeadersComplete: number;
    kOnBody: number;
    kOnMessageComplete: number;
    kOnExecute: number;
  };
  methods: string[];
  /** Indexed by llhttp's method enum (QUERY is 46). */
  allMethods: string[];
}

function loadBinding(): Binding {
  const emit = process.emitWarning;
  // The binding is deprecated (DEP0111); silence the one-time warning in test output.
  process.emitWarning = () => {};
  try {
    return (process as unknown as { binding(name: string): Binding }).binding("http_parser");
  } finally {
    process.emitWarning = emit;
  }
}

export const llhttp: Binding = loadBinding();

/**
 * Parses `input` (one buffer, or several chunks) with llhttp. `kind` picks
 * request or response parsing; for responses, `headMethods` lists the request
 * method each response answers (HEAD means no content).
 */
export function parseWithLlhttp(
  kind: "request" | "response",
  input: Uint8Array[],
  headMethods: string[] = [],
): ParseOutcome {
  const { HTTPParser, allMethods: methods } = llhttp;
  const parser = new HTTPParser();
  parser.initialize(kind === "request" ? HTTPParser.REQUEST : HTTPParser.RESPONSE, {}, 0, 0);
  const messages: ParsedMessage[] = [];
  let pendingFields: string[] = [];
  let pendingUrl = "";
  let current: ParsedMessage | null = null;
  let body: Buffer[] = [];
  let upgraded = false;
  parser[HTTPParser.kOnHeaders] = (fields: string[], url: string) => {
    pendingFields.push(...fields);
    pendingUrl += url ?? "";
  };
  parser[HTTPParser.kOnHeadersComplete] = (
    major: number,
    minor: number,
    fields: string[] | undefined,
    method: number | undefined,
    url: string | undefined,
    status: number | undefined,
    _reason: string | undefined,
    upgrade: boolean,
    keepAlive: boolean,
  ) => {
    const all = fields === undefined ? pendingFields : [...pendingFields, ...fields];
    const pairs: [string, string][] = [];
    for (let i = 0; i < all.length; i += 2) pairs.push([all[i]!, all[i + 1]!]);
    current = {
      version: `${major}.${minor}`,
      fields: pairs,
      body: "",
      keepAlive,
      upgrade,
    };
    if (kind === "request") {
      current.method = method === undefined ? undefined : methods[method];
      current.target = url ?? pendingUrl;
    } else {
      current.status = status;
    }
    pendingFields = [];
    pendingUrl = "";
    body = [];
    if (upgrade) upgraded = true;
    // Returning 1 tells llhttp the response has no content (a response to HEAD), as node:http does.
    return kind === "response" && headMethods[messages.length] === "HEAD" ? 1 : 0;
  };
  parser[HTTPParser.kOnBody] = (chunk: Buffer) => {
    body.push(Buffer.from(chunk));
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    if (current !== null) {
      current.body = Buffer.concat(body).toString("latin1");
      messages.push(current);
      current = null;
      // Trailers arrive through kOnHeaders after the body: drop them from the next head.
      pendingFields = [];
      pendingUrl = "";
    }
  };
  let error: string | null = null;
  for (const chunk of input) {
    if (upgraded) break;
    const r = parser.execute(Buffer.from(chunk));
    if (typeof r !== "number") {
      error = r.code;
      break;
    }
  }
  if (error === null && !upgraded) {
    const r = parser.finish();
    if (r !== undefined) error = r.code;
  }
  if (error === null && upgraded && current !== null) {
    // Node stops at an upgrade head: record it as a message.
    messages.push(current);
  }
  parser.close?.();
  return { messages, error };
}
