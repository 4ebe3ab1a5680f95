import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROXY_V2_SIGNATURE } from "./proxy-protocol.js";
import { type ProxiedConnection, readProxyProtocolHeader } from "./proxy-protocol-accept.js";

/** Just enough of a socket: data/error/end events and destroy(). */
class FakeSocket extends EventEmitter {
  destroyed = false;
  destroy(): this {
    this.destroyed = true;
    return this;
  }
  send(text: string | Uint8Array): void {
    this.emit("data", typeof text === "string" ? Buffer.from(text, "latin1") : text);
  }
}

function read(options = {}, timeout = 1_000) {
  const socket = new FakeSocket();
  const results: ProxiedConnection[] = [];
  readProxyProtocolHeader(socket as unknown as Socket, options, timeout, (proxied) =>
    results.push(proxied),
  );
  return { socket, results };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("readProxyProtocolHeader", () => {
  it("reports the v1 source and the bytes after the header, then lets go of the socket", () => {
    const { socket, results } = read();
    socket.send("PROXY TCP6 2001:db8::1 2001:db8::2 4000 ");
    expect(results).toEqual([]);
    socket.send("443\r\nGET /");
    expect(results).toHaveLength(1);
    expect(results[0]!.remoteAddress).toBe("2001:db8::1");
    expect(results[0]!.remotePort).toBe(4000);
    expect(Buffer.from(results[0]!.head).toString()).toBe("GET /");
    expect(socket.listenerCount("data")).toBe(0);
    expect(socket.listenerCount("error")).toBe(0);
    expect(socket.destroyed).toBe(false);
  });

  it("gives no address for UNKNOWN (the socket's peer stands)", () => {
    const { socket, results } = read();
    socket.send("PROXY UNKNOWN\r\n");
    expect(results[0]).toMatchObject({ remoteAddress: undefined, remotePort: undefined });
  });

  it("destroys the socket on a malformed header, a disabled version, an error or an early end", () => {
    const bad = read();
    bad.socket.send("GET / HTTP/1.1\r\n");
    expect(bad.socket.destroyed).toBe(true);
    const noV2 = read({ v2: false });
    noV2.socket.send(Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x20, 0x00, 0, 0])]));
    expect(noV2.socket.destroyed).toBe(true);
    expect(noV2.results).toEqual([]);
    const broken = read();
    broken.socket.emit("error", new Error("ECONNRESET"));
    expect(broken.socket.destroyed).toBe(true);
    const ended = read();
    ended.socket.send("PROXY TCP4 ");
    ended.socket.emit("end");
    expect(ended.socket.destroyed).toBe(true);
  });

  it("destroys a socket whose header does not arrive in time", () => {
    vi.useFakeTimers();
    const { socket } = read({}, 500);
    socket.send("PROXY TCP4 192.0.2.1");
    vi.advanceTimersByTime(499);
    expect(socket.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(socket.destroyed).toBe(true);
    const own = read({ timeoutMs: 10 }, 500);
    vi.advanceTimersByTime(10);
    expect(own.socket.destroyed).toBe(true);
  });
});
