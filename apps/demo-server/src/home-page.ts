import { ENDPOINTS } from "./endpoints.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function endpointTables(): string {
  const groups = new Map<string, string[]>();
  for (const row of ENDPOINTS) {
    const rows = groups.get(row.group) ?? [];
    rows.push(
      `<tr><td class="methods">${escapeHtml(row.methods)}</td>` +
        `<td><a href="${escapeHtml(row.example)}"><code>${escapeHtml(row.path)}</code></a></td>` +
        `<td>${escapeHtml(row.description)}</td></tr>`,
    );
    groups.set(row.group, rows);
  }
  return [...groups]
    .map(
      ([group, rows]) =>
        `<section><h2>${escapeHtml(group)}</h2><table><thead><tr><th>Method</th><th>Endpoint</th><th>What it shows</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`,
    )
    .join("\n");
}

/**
 * The home page: what an HTTP exchange is, in a few lines, then every
 * endpoint with a live link. No inline script or style (the page is served
 * with a Content-Security-Policy that forbids them).
 */
export function renderHomePage({ tls }: { tls: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hyperwire demo server</title>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header>
<h1>hyperwire <span>demo server</span></h1>
<p>A local httpbin built on <code>@hyperwire/server</code>: every endpoint answers with JSON that shows what the server saw.${tls ? " This instance speaks HTTPS with a self-signed certificate." : ""}</p>
</header>
<main>
<section class="intro">
<h2>HTTP in one exchange</h2>
<p>A client opens a connection and sends a <strong>request</strong>: a request line (method, target, version), header fields, an empty line and, for some methods, content. The server answers with a <strong>response</strong>: a status line (version, status code, reason), header fields, an empty line and the content.</p>
<pre class="wire"><span class="out">&gt; GET /get?hello=world HTTP/1.1</span>
<span class="out">&gt; Host: 127.0.0.1:8080</span>
<span class="out">&gt; Accept: application/json</span>
<span class="out">&gt;</span>
<span class="in">&lt; HTTP/1.1 200 OK</span>
<span class="in">&lt; Content-Type: application/json</span>
<span class="in">&lt; Content-Length: 312</span>
<span class="in">&lt;</span>
<span class="in">&lt; { "args": { "hello": "world" }, … }</span></pre>
<p>The <strong>method</strong> says what the client wants (GET reads, POST submits, PUT replaces, DELETE removes; RFC 9110 §9). The <strong>status code</strong> says how it went: 2xx success, 3xx look elsewhere, 4xx the client's fault, 5xx the server's (RFC 9110 §15). <strong>Fields</strong> carry everything else: content type and length, caching validators, cookies, credentials, compression.</p>
<p>Try any link below in the browser, or watch the wire with curl: <code>curl -v http://127.0.0.1:8080/get</code>. Two methods show the server's own rules: <code>curl -X OPTIONS -i …/get</code> lists the allowed methods in <code>Allow</code>, and <code>curl -X TRACE -i …/get</code> is refused with 405 (TRACE can leak credentials that proxies add). Cross-origin scripts may call every API endpoint: CORS allows any origin, without credentials.</p>
</section>
${endpointTables()}
</main>
<footer><p>Every number an endpoint takes is bounded; see the README of apps/demo-server.</p></footer>
</body>
</html>
`;
}
