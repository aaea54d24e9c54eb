// Preloaded into a child process by the tests (node --require): counts the writes handed to files opened through fs/promises (writev and write of a FileHandle) and the files opened with O_DIRECT, and writes the counts to stderr at exit.
const fs = require("node:fs");
const { syncBuiltinESMExports } = require("node:module");

let chunks = 0;
let directOpens = 0;
let patched = false;
const { open } = fs.promises;
const O_DIRECT = fs.constants.O_DIRECT ?? 0;
fs.promises.open = async function counting(...args) {
  const handle = await open.apply(this, args);
  if (typeof args[1] === "number" && O_DIRECT !== 0 && (args[1] & O_DIRECT) !== 0) directOpens += 1;
  if (!patched) {
    patched = true;
    const prototype = Object.getPrototypeOf(handle);
    for (const name of ["write", "writev"]) {
      const original = prototype[name];
      prototype[name] = function counted(...rest) {
        chunks += 1;
        return original.apply(this, rest);
      };
    }
  }
  return handle;
};
// The ESM names of node:fs/promises follow the object: an `import { open }` sees the wrapper.
syncBuiltinESMExports();
process.on("exit", () => {
  fs.writeSync(2, `\nfile-stream-chunks=${chunks}\ndirect-opens=${directOpens}\n`);
});
