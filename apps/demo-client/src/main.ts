// Entry point of the `hyperwire` command (run by bin/hyperwire.mjs through tsx).
import { runCli } from "./cli.js";

process.exitCode = await runCli(process.argv.slice(2));
