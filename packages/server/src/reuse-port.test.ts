import { describe, expect, it } from "vitest";
import {
  isWorkerListeningMessage,
  resolveReusePort,
  reusePortListenOptions,
  supportsReusePort,
  WORKER_LISTENING_MESSAGE,
} from "./reuse-port.js";

describe("supportsReusePort", () => {
  it.each([
    ["20.20.2", false],
    ["v20.20.2", false],
    ["21.7.3", false],
    ["22.11.0", false],
    ["22.12.0", true],
    ["22.22.1", true],
    ["23.0.0", false],
    ["23.1.0", true],
    ["24.0.0", true],
    ["25.2.1", true],
    ["garbage", false],
  ])("Node.js %s on Linux: %s", (version, expected) => {
    expect(supportsReusePort(version, "linux")).toBe(expected);
  });

  it("needs a platform whose kernel balances SO_REUSEPORT sockets", () => {
    for (const platform of ["linux", "freebsd", "sunos", "aix"])
      expect(supportsReusePort("24.0.0", platform), platform).toBe(true);
    for (const platform of ["darwin", "win32", "openbsd"])
      expect(supportsReusePort("24.0.0", platform), platform).toBe(false);
  });

  it("defaults to this process", () => {
    expect(supportsReusePort()).toBe(supportsReusePort(process.versions.node, process.platform));
  });
});

describe("resolveReusePort", () => {
  it("never for false or nothing, where supported for auto, or unsupported for true", () => {
    const here = supportsReusePort();
    expect(resolveReusePort(undefined)).toBe(false);
    expect(resolveReusePort(false)).toBe(false);
    expect(resolveReusePort("auto")).toBe(here);
    expect(resolveReusePort(true)).toBe(here ? true : "unsupported");
  });
});

describe("reusePortListenOptions", () => {
  it("adds reusePort, and exclusive in a cluster worker (its own socket, not the primary's)", () => {
    expect(reusePortListenOptions(false, true)).toEqual({});
    expect(reusePortListenOptions(true, false)).toEqual({ reusePort: true });
    expect(reusePortListenOptions(true, true)).toEqual({ reusePort: true, exclusive: true });
  });
});

describe("isWorkerListeningMessage", () => {
  it("recognises the message serve() sends its primary", () => {
    expect(
      isWorkerListeningMessage({ type: WORKER_LISTENING_MESSAGE, address: "127.0.0.1", port: 80 }),
    ).toBe(true);
    expect(isWorkerListeningMessage({ type: WORKER_LISTENING_MESSAGE })).toBe(false);
    expect(isWorkerListeningMessage({ type: "other", port: 80 })).toBe(false);
    expect(isWorkerListeningMessage("listening")).toBe(false);
    expect(isWorkerListeningMessage(null)).toBe(false);
  });
});
