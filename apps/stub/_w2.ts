import { createDataset, iterateEvents } from "@giosg-reporting/fixtures";
import { runJson, RunTexts } from "./src/data/run-json";
const dataset = createDataset({ sessionsPerDay: 40000 });
const workflow = dataset.workflows.find((w) => w.type === "web-navigation")!;
const rows = [...iterateEvents(dataset, { from: "2022-11-01T00:00:00Z", to: "2022-11-20T00:00:00Z", workflowIds: [workflow.id], step: 1, outerGoals: "exclude" })];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const texts = new RunTexts();
for (let r = 0; r < 8; r++) {
  const t = cpu(); let n = 0;
  for (const p of runJson(rows, false, texts)) n += p.length;
  console.log(n, ((cpu() - t) / rows.length * 1e9).toFixed(0), "ns/row");
}
