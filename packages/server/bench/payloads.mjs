/** The response bodies both benchmark targets send. */
export const HELLO = Buffer.from("hello world\n");

/** @param {number} size */
function jsonOf(size) {
  const items = [];
  let text = "";
  for (let i = 0; text.length < size; i++) {
    items.push({ id: i, name: `item number ${i}`, tags: ["alpha", "beta"], active: i % 2 === 0 });
    text = JSON.stringify({ items });
  }
  // Pad to exactly `size` bytes so both servers send the same length.
  items.pop();
  text = JSON.stringify({ items, pad: "" });
  const pad = "x".repeat(Math.max(0, size - text.length));
  return Buffer.from(JSON.stringify({ items, pad }));
}

/** 16 KiB of JSON. */
export const JSON_BODY = jsonOf(16 * 1024);
