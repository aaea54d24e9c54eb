// `giosg-reporting-stub --record <dir> --upstream <url>`: the recorder from the command line.
import { join } from "node:path";
import { RECORDING_FILES } from "../record/recording";
import { startRecorder } from "../record/start-recorder";
import type { StubCommand } from "./args";

/** Starts the recorder the command line asks for; Ctrl-C stops it and leaves a complete dataset. */
export async function runRecorder(
  command: StubCommand & { record: string; upstream: string },
  version: string,
): Promise<void> {
  const recorder = await startRecorder({
    dir: command.record,
    upstream: command.upstream,
    port: command.port,
    host: command.host,
    ...(command.maxBodyBytes === undefined ? {} : { maxBodyBytes: command.maxBodyBytes }),
    ...(command.maxRecordingBytes === undefined ? {} : { maxBytes: command.maxRecordingBytes }),
    ...(command.upstreamTimeoutMs === undefined
      ? {}
      : { upstreamTimeoutMs: command.upstreamTimeoutMs }),
    ...(command.quiet ? {} : { log: (line: string) => process.stdout.write(`${line}\n`) }),
  });
  const events = join(command.record, RECORDING_FILES.events);
  const workflows = join(command.record, RECORDING_FILES.workflows);
  process.stdout.write(
    [
      `giosg-reporting-stub ${version} recording on ${recorder.url}`,
      `  upstream: ${command.upstream} (your own token is forwarded there, and nowhere else)`,
      `  into:     ${command.record}/ (${RECORDING_FILES.events}, ${RECORDING_FILES.workflows}, ${RECORDING_FILES.manifest})`,
      "  Point your client's base URL here; every answer is checked against the contract as it passes.",
      "  Ctrl-C stops it; then replay the recording with:",
      `    giosg-reporting-stub --data ${events} --workflows ${workflows}`,
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    recorder.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`giosg-reporting-stub: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
