// The JUnit file: one testcase per check, failures and skips as such, everything XML-escaped.
import { describe, expect, it } from "vitest";
import { type ConformanceReport, toJUnit } from "../src";

const report: ConformanceReport = {
  tool: "@giosg-reporting/check",
  version: "0.0.0",
  baseUrl: "http://127.0.0.1:1/?a=1&b=<2>",
  organization: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
  workflow: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
  step: 1,
  interval: { start: "2022-11-01T00:00:00Z", end: "2022-12-01T00:00:00Z" },
  intervalFrom: "option",
  startedAt: "2026-11-28T00:00:00.000Z",
  checks: [
    { id: "discovery", title: "Discovery", status: "pass", requests: [], deviations: [] },
    {
      id: "fields",
      title: 'A "quoted" <title> & more',
      status: "deviation",
      requests: [],
      deviations: [
        {
          check: "fields.names",
          reading: "advanced-rows",
          contradicts: 'reading "advanced-rows" (Advanced rows\' first column is `timestamp`)',
          message: 'fields: missing timestamp; unexpected "Date & Time" \u0001</failure>',
          actual: ["Date & Time"],
        },
      ],
    },
    {
      id: "limit",
      title: "limit",
      status: "skipped",
      reason: "no rows <here>",
      requests: [],
      deviations: [],
    },
  ],
  summary: {
    checks: 3,
    pass: 1,
    deviation: 1,
    skipped: 1,
    requests: 0,
    conforms: false,
    complete: false,
  },
};

describe("toJUnit", () => {
  const xml = toJUnit(report);

  it("writes one testcase per check, a failure for a deviation and skipped for a skip", () => {
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('tests="3" failures="1" skipped="1"');
    expect(xml).toMatch(
      /<failure type="deviation" message="1 deviation: fields: missing timestamp; unexpected &quot;Date &amp; Time&quot;/,
    );
    expect(xml).toContain('<skipped message="no rows &lt;here&gt;"/>');
  });

  it("escapes everything: no raw markup from the report, no control character", () => {
    expect(xml).toContain('name="fields: A &quot;quoted&quot; &lt;title&gt; &amp; more"');
    expect(xml).toContain("&lt;/failure&gt;");
    expect(xml.match(/<\/failure>/g)).toHaveLength(1);
    expect(xml).not.toContain("\u0001");
    expect(xml).toContain("http://127.0.0.1:1/?a=1&amp;b=&lt;2&gt;");
  });
});
