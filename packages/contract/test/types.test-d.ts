import type { ClientInferRequest, ClientInferResponses, ServerInferRequest } from "@ts-rest/core";
import { describe, expectTypeOf, it } from "vitest";
import type {
  AdvancedResponse,
  AdvancedRow,
  BasicResponse,
  BasicRow,
  ErrorCode,
  ErrorStatus,
  FieldDescriptor,
  FilterInput,
  FilterProperty,
  ForbiddenErrorBody,
  Interval,
  PathParams,
  StepSourceDataContract,
  StepSourceDataRequest,
  StepSourceDataRequestInput,
  StepSourceDataResponseFor,
  Target,
  ValidationErrorBody,
} from "../src/index";
import { errorBody } from "../src/index";

type Route = StepSourceDataContract["getStepSourceData"];

describe("row types", () => {
  it("type each advanced column strictly", () => {
    expectTypeOf<AdvancedRow["timestamp"]>().toEqualTypeOf<string>();
    expectTypeOf<AdvancedRow["event_version"]>().toEqualTypeOf<number>();
    expectTypeOf<AdvancedRow["value"]>().toEqualTypeOf<number>();
    expectTypeOf<AdvancedRow["properties"]>().toEqualTypeOf<string[]>();
    expectTypeOf<AdvancedRow["partner_organization_ids"]>().toEqualTypeOf<string[]>();
    expectTypeOf<AdvancedRow["dim4"]>().toEqualTypeOf<string | null>();
    expectTypeOf<AdvancedRow["visitor_id"]>().toEqualTypeOf<string | null>();
    expectTypeOf<AdvancedRow["action"]>().toEqualTypeOf<string>();
    expectTypeOf<keyof AdvancedRow>().toEqualTypeOf<
      | "timestamp"
      | "source"
      | "event_version"
      | "organization_id"
      | "organization_name"
      | "category"
      | "action"
      | "label"
      | "vendor"
      | "properties"
      | "dim1"
      | "dim2"
      | "dim3"
      | "dim4"
      | "dim5"
      | "visitor_id"
      | "session_id"
      | "user_id"
      | "partner_organization_ids"
      | "browser_name"
      | "browser_version"
      | "device_screen_height"
      | "device_screen_width"
      | "device_type"
      | "geo_city"
      | "geo_country"
      | "ip_organization"
      | "os_name"
      | "os_version"
      | "value"
    >();
  });

  it("type each basic column from its advanced column", () => {
    expectTypeOf<BasicRow["Date & Time"]>().toEqualTypeOf<string>();
    expectTypeOf<BasicRow["View title"]>().toEqualTypeOf<string | null>();
    expectTypeOf<BasicRow["Interaction Workflow ID"]>().toEqualTypeOf<string>();
    expectTypeOf<BasicRow["Visitor ID"]>().toEqualTypeOf<string | null>();
    expectTypeOf<keyof BasicRow>().toEqualTypeOf<
      | "Date & Time"
      | "View title"
      | "Browser"
      | "Device"
      | "City"
      | "Country"
      | "ISP or organisation"
      | "OS (operating system)"
      | "Interaction Workflow ID"
      | "Workflow Session ID"
      | "Visitor ID"
    >();
  });

  it("tell datetime fields, which carry tz, from the others", () => {
    expectTypeOf<FieldDescriptor>().toEqualTypeOf<
      | { name: string; type: "datetime"; tz: "UTC" }
      | { name: string; type: "string" | "integer" | "number" }
    >();
  });
});

describe("request types", () => {
  it("accept limit and step_index as numbers or strings when sent, numbers once parsed", () => {
    expectTypeOf<StepSourceDataRequestInput["limit"]>().toEqualTypeOf<
      string | number | undefined
    >();
    expectTypeOf<StepSourceDataRequest["limit"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<PathParams["step_index"]>().toEqualTypeOf<number>();
  });

  it("leave target and basic optional when sent, filled in once parsed", () => {
    expectTypeOf<StepSourceDataRequestInput["target"]>().toEqualTypeOf<Target | undefined>();
    expectTypeOf<StepSourceDataRequest["target"]>().toEqualTypeOf<"default" | "triggered_goal">();
    expectTypeOf<StepSourceDataRequest["basic"]>().toEqualTypeOf<boolean>();
  });

  it("require filters and interval", () => {
    expectTypeOf<StepSourceDataRequestInput["filters"]>().toEqualTypeOf<readonly FilterInput[]>();
    expectTypeOf<StepSourceDataRequestInput["interval"]>().toEqualTypeOf<Interval>();
    // @ts-expect-error interval is required
    const missing: StepSourceDataRequestInput = { filters: [] };
    void missing;
  });

  it("list the filter properties as literals", () => {
    expectTypeOf<"action">().toExtend<FilterProperty>();
    expectTypeOf<"timestamp">().not.toExtend<FilterProperty>();
  });

  it("give ts-rest clients and servers the contract's input and output", () => {
    type ClientRequest = ClientInferRequest<Route>;
    expectTypeOf<ClientRequest["params"]["step_index"]>().toEqualTypeOf<string | number>();
    expectTypeOf<ClientRequest["body"]>().toEqualTypeOf<StepSourceDataRequestInput>();
    type ServerRequest = ServerInferRequest<Route>;
    expectTypeOf<ServerRequest["params"]["step_index"]>().toEqualTypeOf<number>();
    expectTypeOf<ServerRequest["body"]>().toEqualTypeOf<StepSourceDataRequest>();
  });
});

describe("response types", () => {
  it("narrow by the request's basic flag", () => {
    expectTypeOf<StepSourceDataResponseFor<true>>().toEqualTypeOf<BasicResponse>();
    expectTypeOf<StepSourceDataResponseFor<false>>().toEqualTypeOf<AdvancedResponse>();
    expectTypeOf<StepSourceDataResponseFor<undefined>>().toEqualTypeOf<AdvancedResponse>();
    expectTypeOf<BasicResponse["data"]>().toEqualTypeOf<BasicRow[]>();
  });

  it("give each error status its own codes", () => {
    expectTypeOf<ForbiddenErrorBody["code"]>().toEqualTypeOf<
      "no_active_subscription" | "no_organization_access" | "no_reporting_permission"
    >();
    expectTypeOf<ErrorCode<406>>().toEqualTypeOf<"filter_not_implemented">();
    expectTypeOf<ValidationErrorBody["errors"]>().toEqualTypeOf<
      { path: string; message: string }[]
    >();
  });

  it("declare to ts-rest clients every status of the catalogue, and 200", () => {
    type Status = ClientInferResponses<Route>["status"];
    expectTypeOf<Status>().toEqualTypeOf<200 | ErrorStatus>();
    expectTypeOf<Status>().toEqualTypeOf<
      200 | 400 | 401 | 403 | 404 | 405 | 406 | 413 | 415 | 429 | 500 | 502 | 503 | 504
    >();
  });

  it("type each code's detail arguments", () => {
    expectTypeOf(errorBody("step_not_found", 9, 3)).toEqualTypeOf<{
      detail: string;
      code: "step_not_found";
    }>();
    // @ts-expect-error step_not_found needs the step and the workflow's last step
    errorBody("step_not_found");
    // @ts-expect-error invalid_request takes no arguments
    errorBody("invalid_request", 1);
    // @ts-expect-error not a code of the catalogue
    errorBody("teapot");
  });
});
