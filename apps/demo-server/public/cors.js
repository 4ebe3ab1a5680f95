// Fetches /get from another origin (default: the same server under the other loopback name).
const form = document.getElementById("cors-form");
const input = document.getElementById("api");
const status = document.getElementById("status");
const result = document.getElementById("result");
const fromQuery = new URLSearchParams(location.search).get("api");
const otherHost = location.hostname === "localhost" ? "127.0.0.1" : "localhost";
input.value = fromQuery ?? `${location.protocol}//${otherHost}:${location.port}`;
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  status.textContent = "fetching…";
  try {
    const response = await fetch(new URL("/get?from=cors-page", input.value), {
      headers: { "x-demo": "cors" }, // not CORS-safelisted: the browser sends a preflight first
    });
    const body = await response.json();
    const origin = body.headers.Origin ?? body.headers.origin;
    status.textContent = `${response.status} ${response.statusText}: the API saw Origin ${origin} and allowed it`;
    result.textContent = JSON.stringify(body, null, 2);
    document.body.dataset.outcome = "ok";
  } catch (error) {
    status.textContent = `blocked: ${error}`;
    document.body.dataset.outcome = "error";
  }
});
