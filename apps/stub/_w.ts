import { createDataset, iterateEvents } from "@giosg-reporting/fixtures";
import { runJson } from "./src/data/run-json";
import { runJson as oldRunJson } from "./src/data/_old-run-json";
const dataset = createDataset({ sessionsPerDay: 40000 });
const workflow = dataset.workflows.find((w) => w.type === "web-navigation")!;
const rows = [...iterateEvents(dataset, { from: "2022-11-01T00:00:00Z", to: "2022-11-20T00:00:00Z", workflowIds: [workflow.id], step: 1, outerGoals: "exclude" })];
console.log(rows.length);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let r = 0; r < 3; r++) for (const [name, f] of [["old", oldRunJson], ["new", runJson]] as const) {
  const t = cpu(); let n = 0;
  for (const p of f(rows, false)) n += p.length;
  console.log(name, n, ((cpu() - t) / rows.length * 1e9).toFixed(0), "ns/row");
}
let chars = 0; const t = cpu();
for (const row of rows) for (const v of [row.timestamp, row.dim1, row.visitor_id, row.session_id]) if (typeof v === "string") for (let i = 0; i < v.length; i++) chars += v.charCodeAt(i);
console.log("charloop", ((cpu() - t) / rows.length * 1e9).toFixed(0), "ns/row");
