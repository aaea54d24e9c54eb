import { startStub } from "@giosg-reporting/stub";
const stub = await startStub({ admin: true });
console.log(stub.url);
if (process.argv[2]) stub.scenario.fail(503, Number(process.argv[2]));
