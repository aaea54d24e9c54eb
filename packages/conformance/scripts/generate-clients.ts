// Generates the clients partners generate from the document under test, with the contract README's
// settings, into generated/hey-api and generated/orval (gitignored): the generator gates import them.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { openApiPath } from "../src/document";
import { GENERATED, generateHeyApi, generateInPlace, generateOrval } from "../src/generators";

const source = openApiPath();
const shownSource = relative(fileURLToPath(new URL("..", import.meta.url)), source);
const started = Date.now();
await generateInPlace(`${GENERATED}hey-api`, (folder) => generateHeyApi(source, folder, "readme"));
await generateInPlace(`${GENERATED}orval`, (folder) => generateOrval(source, folder, "readme"));
for (const settings of ["defaults"] as const) {
  await generateInPlace(`${GENERATED}hey-api-${settings}`, (f) =>
    generateHeyApi(source, f, settings),
  );
  await generateInPlace(`${GENERATED}orval-${settings}`, (f) => generateOrval(source, f, settings));
}
console.log(
  `hey-api, orval: ${shownSource} → generated/hey-api, generated/orval, their zod schemas with default settings in generated/*-defaults (${Date.now() - started} ms)`,
);
