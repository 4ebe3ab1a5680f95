// The hyperwire command against Debian's nginx (started by the client package's test helper).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hasNginx,
  type RunningNginx,
  startNginx,
} from "../../../packages/client/test/nginx-server.js";
import { runCli } from "./run-cli.js";

// The only skip: nginx is not installed here (.ci/run installs it from Debian).
describe.skipIf(!hasNginx)("against nginx (skipped: /usr/sbin/nginx not installed)", () => {
  let nginx: RunningNginx;
  let dir: string;

  beforeAll(async () => {
    nginx = await startNginx();
    dir = await mkdtemp(join(tmpdir(), "hyperwire-cli-nginx-"));
  });

  afterAll(async () => {
    await nginx?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("downloads a file with -o, byte for byte", async () => {
    const file = join(dir, "large.bin");
    const r = await runCli([
      "-s",
      "-o",
      file,
      "-w",
      "%{http_code} %{size_download}",
      `${nginx.url}/static/large.bin`,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`200 ${nginx.files.large.length}`);
    expect(new Uint8Array(await readFile(file))).toEqual(nginx.files.large);
  });

  it("decodes a chunked gzip response with --compressed", async () => {
    const r = await runCli(["--compressed", "-v", `${nginx.url}/gzip/text.txt`]);
    expect(r.code).toBe(0);
    expect(new Uint8Array(r.stdout)).toEqual(nginx.files.text);
    expect(r.stderr).toMatch(/< Content-Encoding: gzip/i);
    expect(r.stderr).toMatch(/< Transfer-Encoding: chunked/i);
  });

  it("follows a redirect chain with -L on one connection", async () => {
    const r = await runCli(["-sL", "-v", `${nginx.url}/redirect/chain`]);
    expect(r.code).toBe(0);
    expect(new Uint8Array(r.stdout)).toEqual(nginx.files.small);
    expect(r.stderr).toContain("* Re-using existing connection #0");
  });

  it("fetches a byte range with -r", async () => {
    const r = await runCli(["-r", "0-3", "-w", " %{http_code}", `${nginx.url}/static/small.txt`]);
    expect(r.stdout.subarray(0, 4)).toEqual(Buffer.from(nginx.files.small.subarray(0, 4)));
    expect(r.out.endsWith(" 206")).toBe(true);
  });

  it("sends Basic credentials with -u and fails with --fail without them", async () => {
    const { user, password } = nginx.credentials;
    const ok = await runCli(["-u", `${user}:${password}`, `${nginx.url}/private/small.txt`]);
    expect(ok.code).toBe(0);
    expect(new Uint8Array(ok.stdout)).toEqual(nginx.files.small);
    const denied = await runCli(["--fail", `${nginx.url}/private/small.txt`]);
    expect(denied.code).toBe(22);
  });

  it("uploads with -X PUT --data-binary and reads it back", async () => {
    const put = await runCli([
      "-X",
      "PUT",
      "--data-binary",
      "stored by hyperwire",
      "-w",
      "%{http_code}",
      `${nginx.url}/uploads/cli.txt`,
    ]);
    expect(put.code).toBe(0);
    expect(put.out.endsWith("201")).toBe(true);
    const get = await runCli([`${nginx.url}/uploads/cli.txt`]);
    expect(get.out).toBe("stored by hyperwire");
  });

  it("-I shows nginx's head", async () => {
    const r = await runCli(["-I", `${nginx.url}/static/small.txt`]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(r.out).toMatch(/Server: nginx/i);
  });
});
