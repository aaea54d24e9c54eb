// Prints the top frame of an error thrown inside the client: run with --enable-source-maps, it must name a shipped source.
const { createClient } = require("@giosg-reporting/client");

try {
  createClient({ token: "" });
} catch (error) {
  console.log(error.stack.split("\n").find((line) => line.includes("@giosg-reporting/client")));
}
