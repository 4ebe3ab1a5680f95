import type { ServerRequest } from "@hyperwire/server";
import { LIMITS } from "./limits.js";

/** A file of a form as the echo shows it. */
export interface EchoedFile {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** The content as text when it is UTF-8, else a `data:` URL with base64; cut at `LIMITS.echoBytes`. */
  readonly content: string;
  readonly truncated: boolean;
}

/** What the server saw of a request: the JSON body of `/get`, `/post`, `/anything`… */
export interface RequestEcho {
  method: string;
  url: string;
  /** The query, decoded; a repeated name gives an array. */
  args: Record<string, string | string[]>;
  /** Every field line as received (original name casing); repeated names give an array. */
  headers: Record<string, string | string[]>;
  /** The client's address as the socket reports it. */
  origin: string;
  form?: Record<string, string | string[]>;
  files?: Record<string, EchoedFile | EchoedFile[]>;
  /** The content as text (or a `data:` URL) when it is not a form. */
  data?: string;
  /** The content parsed as JSON when it is `application/json` (null when it does not parse). */
  json?: unknown;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function addTo<T>(record: Record<string, T | T[]>, name: string, value: T): void {
  const existing = record[name];
  if (existing === undefined) record[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else record[name] = [existing, value];
}

/** Bytes as text when they are UTF-8, else as a base64 `data:` URL (what httpbin does). */
export function bytesForDisplay(bytes: Uint8Array, contentType: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return `data:${contentType || "application/octet-stream"};base64,${Buffer.from(bytes).toString("base64")}`;
  }
}

/** The query string decoded into a record (`URLSearchParams` rules: `+` is a space). */
export function queryArgs(request: ServerRequest): Record<string, string | string[]> {
  const args: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(request.query)) addTo(args, name, value);
  return args;
}

/** The header section, field line by field line, names as the client spelled them. */
export function headerRecord(request: ServerRequest): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of request.headers.lines()) addTo(headers, name, value);
  return headers;
}

async function echoFile(file: File): Promise<EchoedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const shown = bytes.subarray(0, LIMITS.echoBytes);
  return {
    filename: file.name,
    contentType: file.type,
    size: bytes.byteLength,
    content: bytesForDisplay(shown, file.type),
    truncated: shown.byteLength < bytes.byteLength,
  };
}

/**
 * Describes `request` as JSON: method, URL, query, header lines, client
 * address and, with `content: true`, the content — form fields and files for
 * `application/x-www-form-urlencoded` and `multipart/form-data` (through
 * `request.formData()`), parsed JSON for `application/json`, else the text.
 * A malformed form or multipart body throws the server's 400 (or 413).
 */
export async function describeRequest(
  request: ServerRequest,
  { content }: { content: boolean },
): Promise<RequestEcho> {
  const echo: RequestEcho = {
    method: request.method,
    url: request.url.href,
    args: queryArgs(request),
    headers: headerRecord(request),
    origin: request.remoteAddress,
  };
  if (!content) return echo;
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  const essence = contentType.split(";")[0]!.trim();
  echo.form = Object.create(null);
  echo.files = Object.create(null);
  if (essence === "multipart/form-data" || essence === "application/x-www-form-urlencoded") {
    const form = await request.formData();
    for (const [name, value] of form) {
      if (typeof value === "string") addTo(echo.form!, name, value);
      else addTo(echo.files!, name, await echoFile(value));
    }
    echo.data = "";
    return echo;
  }
  const bytes = request.hasBody ? await request.bytes() : new Uint8Array(0);
  echo.data = bytesForDisplay(bytes.subarray(0, LIMITS.echoBytes), essence);
  if (essence === "application/json" || essence.endsWith("+json")) {
    try {
      echo.json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      echo.json = null;
    }
  }
  return echo;
}
