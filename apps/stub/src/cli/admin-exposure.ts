// The warning printed when the admin routes listen beyond this machine: whoever reaches the port can change the stub's answers.
import { isIP } from "node:net";

/** Whether `host` only listens on this machine's loopback interface (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1" || bare === "0:0:0:0:0:0:0:1" || bare.startsWith("::ffff:127.");
}

/** The warning for `--admin` on `host`, or `undefined` when `host` is a loopback interface. */
export function adminExposureWarning(host: string): string | undefined {
  if (isLoopback(host)) return undefined;
  const line = "!".repeat(78);
  return [
    line,
    `WARNING: --admin is on and the stub listens on ${host}, beyond this machine. Anyone who`,
    "can reach its port can change its answers (latency, failures, dropped connections) and",
    "read its memory through /__stub/. Use --host 127.0.0.1 unless that is what you want",
    "(a container whose port only your tests reach, say).",
    line,
    "",
  ].join("\n");
}
