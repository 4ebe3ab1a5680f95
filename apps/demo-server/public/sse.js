// Shows the events of /sse as they arrive. The page's query (?count=&interval=) is passed on.
const list = document.getElementById("events");
const status = document.getElementById("status");
const query = new URLSearchParams(location.search);
const params = new URLSearchParams({
  count: query.get("count") ?? "10",
  interval: query.get("interval") ?? "1000",
});
const source = new EventSource(`/sse?${params}`);
source.addEventListener("open", () => {
  status.textContent = "connected, waiting for events…";
});
source.addEventListener("tick", (event) => {
  const data = JSON.parse(event.data);
  const item = document.createElement("li");
  item.textContent = `tick ${data.id} of ${data.of} at ${data.time} (id ${event.lastEventId})`;
  list.append(item);
  status.textContent = `${list.children.length} event(s) received`;
});
source.addEventListener("end", () => {
  // The stream is complete: close, or EventSource would reconnect and ask for more.
  source.close();
  status.textContent = `done: ${list.children.length} event(s) received`;
  document.body.dataset.done = "true";
});
source.addEventListener("error", () => {
  if (source.readyState === EventSource.CONNECTING) status.textContent = "reconnecting…";
});
