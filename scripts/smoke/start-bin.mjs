// Starts the stub's bin through npx in its own process group, waits (bounded) for its URL, and stops it.
import { spawn } from "node:child_process";

/** Runs `npx <args>`, resolves with the URL it prints on "listening on …" and a `stop` that ends it and its children. */
export function startBin(args, { cwd, env, timeoutMs = 30_000 }) {
  const child = spawn("npx", args, { cwd, env, detached: true });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const fail = (message) => {
      clearTimeout(timer);
      stop().then(() => reject(new Error(`${message}:\n${output}`)));
    };
    const timer = setTimeout(() => fail(`no URL within ${timeoutMs} ms`), timeoutMs);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop });
      }
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => fail(`exited with ${code}`));
  });
}
