// Starts a command that runs the stub, in its own process group, waits (bounded) for its URL, and stops it.
import { spawn } from "node:child_process";

/**
 * Runs `command args`, resolves with the URL it prints on "listening on …" (or "recording on …") and a `stop` that sends
 * `signal` to its whole process group (as a terminal's Ctrl-C does) and resolves with how it ended.
 */
export function startCommand(command, args, { cwd, env, timeoutMs = 120_000 }) {
  const child = spawn(command, args, { cwd, env, detached: true });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, output })),
  );
  const stop = async (signal = "SIGTERM") => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
    return exited;
  };
  return new Promise((resolve, reject) => {
    const fail = (message) => {
      clearInterval(poll);
      clearTimeout(timer);
      stop().then(() => reject(new Error(`${message}:\n${output}`)));
    };
    const timer = setTimeout(() => fail(`no URL within ${timeoutMs} ms`), timeoutMs);
    const poll = setInterval(() => {
      const match = /(?:listening|recording) on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ url: match[1], stop });
    }, 20);
    child.once("exit", (code) => fail(`exited with ${code}`));
  });
}
