// `<url> <body> <count> <seconds>`: that many concurrent readers of the same answer, each reading
// as fast as it can for that long, in a process of their own (apart from the stub and from the
// health probe, so neither competes with their event loop). Prints what each read as one JSON line.
import { readAnswer } from "./read-answer";

const [url, body, count, seconds] = process.argv.slice(2);
const reads = await Promise.all(
  Array.from({ length: Number(count) }, () =>
    readAnswer(url as string, body as string, Number(seconds) * 1000),
  ),
);
process.stdout.write(`${JSON.stringify(reads)}\n`);
