// Preloaded into a child process by the tests (node --require): counts the chunks handed to file write streams, and writes the count to stderr at exit.
const fs = require("node:fs");

let chunks = 0;
const { write } = fs.WriteStream.prototype;
fs.WriteStream.prototype.write = function counted(...args) {
  chunks += 1;
  return write.apply(this, args);
};
process.on("exit", () => {
  fs.writeSync(2, `\nfile-stream-chunks=${chunks}\n`);
});
