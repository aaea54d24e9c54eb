// hey-api's generated error unions hold the statuses and codes each route can answer, and no other: a
// status a route cannot answer ends up in every partner's error handling.
import { describe, expectTypeOf, it } from "vitest";
import type {
  DownloadStepSourceDataErrors,
  GetWorkflowInfoErrors,
} from "../generated/hey-api/types.gen";

describe("hey-api's error unions", () => {
  it("info, a body-less GET, has no 406, 413 or 415", () => {
    expectTypeOf<Extract<keyof GetWorkflowInfoErrors, 406 | 413 | 415>>().toEqualTypeOf<never>();
    expectTypeOf<400 | 401 | 403 | 404>().toExtend<keyof GetWorkflowInfoErrors>();
  });

  it("the download's 406 allows the stub's browser build's format_unavailable", () => {
    expectTypeOf<"format_unavailable">().toExtend<DownloadStepSourceDataErrors[406]["code"]>();
    expectTypeOf<"filter_not_implemented">().toExtend<DownloadStepSourceDataErrors[406]["code"]>();
  });
});
