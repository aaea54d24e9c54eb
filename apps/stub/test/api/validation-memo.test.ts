// Validation remembered per text: the same text gives the same (frozen) result, a new text its own, and the memory is bounded.
import { describe, expect, it } from "vitest";
import { ValidationMemo } from "../../src/http/api/validation-memo";

const body = (day: number) =>
  JSON.stringify({
    filters: [{ property: "action", values: ["User dialed"] }],
    interval: {
      start: `2022-11-${String(day).padStart(2, "0")}T00:00:00+02:00`,
      end: "2022-12-01T00:00:00Z",
    },
    limit: "2",
  });

describe("ValidationMemo", () => {
  it("gives a text's result again, frozen, and another text its own", () => {
    const memo = new ValidationMemo();
    const first = memo.body(body(1));
    if (!("success" in first) || !first.success) throw new Error("expected a valid body");
    expect(memo.body(body(1))).toBe(first);
    expect(first.data.limit).toBe(2);
    expect(Object.isFrozen(first.data.filters[0]?.values)).toBe(true);
    const second = memo.body(body(2));
    expect(second).not.toBe(first);
    expect("success" in second && second.success && second.data.interval.start).toBe(
      "2022-11-02T00:00:00+02:00",
    );
  });

  it("remembers malformed JSON and invalid bodies with their errors", () => {
    const memo = new ValidationMemo();
    const malformed = memo.body("{");
    expect("malformed" in malformed && malformed.malformed).toBeInstanceOf(SyntaxError);
    const invalid = memo.body('{"filters":[]}');
    expect("success" in invalid && invalid.success).toBe(false);
    expect("success" in invalid && invalid.error?.issues.map((issue) => issue.path[0])).toEqual([
      "interval",
    ]);
    expect(memo.body('{"filters":[]}')).toBe(invalid);
  });

  it("keeps the last 256 texts: an older one is validated again", () => {
    const memo = new ValidationMemo();
    const oldest = memo.body(`{"filters":[],"n":0}`);
    for (let n = 1; n <= 256; n += 1) memo.body(`{"filters":[],"n":${n}}`);
    expect(memo.body(`{"filters":[],"n":256}`)).toBe(memo.body(`{"filters":[],"n":256}`));
    expect(memo.body(`{"filters":[],"n":0}`)).not.toBe(oldest);
  });

  it("keeps a text asked for again and again as the most recent: the 256 after it evict it only then", () => {
    const memo = new ValidationMemo();
    const text = `{"filters":[],"n":"again"}`;
    const first = memo.body(text);
    for (let n = 0; n < 3; n += 1) expect(memo.body(text)).toBe(first);
    for (let n = 1; n <= 255; n += 1) memo.body(`{"filters":[],"n":${n}}`);
    expect(memo.body(text)).toBe(first); // 255 others since: still kept, and the most recent again
    for (let n = 256; n <= 511; n += 1) memo.body(`{"filters":[],"n":${n}}`);
    expect(memo.body(`{"filters":[],"n":256}`)).toBe(memo.body(`{"filters":[],"n":256}`));
    expect(memo.body(text)).not.toBe(first); // 256 others since: validated again
  });

  it("remembers path parameters per organization, workflow and step", () => {
    const memo = new ValidationMemo();
    const raw = {
      organization_id: "E40BCB66-8C63-4AA7-8D81-68D8E8CEF907",
      workflow_id: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
      step_index: "1",
    };
    const first = memo.pathParams(raw);
    expect(first.success && first.data.organization_id).toBe(
      "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
    );
    expect(memo.pathParams({ ...raw })).toBe(first);
    expect(memo.pathParams({ ...raw, step_index: "2" })).not.toBe(first);
    expect(memo.pathParams({ ...raw, step_index: "0" }).success).toBe(false);
  });
});
