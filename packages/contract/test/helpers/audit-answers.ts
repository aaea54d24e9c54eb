// Queries, rows and answers the answer audit's tests start from: the contract's own examples.
import {
  ADVANCED_FIELDS,
  type AuditedQuery,
  advancedRequestExample,
  advancedResponseExample,
  auditAnswer,
  type Deviation,
} from "../../src/index";

/** The advanced example's query of step 1, in the interval [2022-11-03, 2022-11-04), without a limit. */
export const query: AuditedQuery = {
  params: advancedRequestExample.pathParams,
  body: { ...advancedRequestExample.body, limit: undefined },
};
const [first] = advancedResponseExample.data;
if (!first) throw new Error("the example has rows");
/** The example's first row: step 1 of the query's workflow, at 10:45:54. */
export const row = first;
/** The same row an hour later. */
export const later = { ...row, timestamp: "2022-11-03T11:45:54.000Z" };
export const json = "application/json";

/** The query with `body` changed. */
export const withBody = (body: AuditedQuery["body"]): AuditedQuery => ({
  ...query,
  body: { ...query.body, ...body },
});

/** The deviations of a 200 answering `data` (and advanced `fields`) to `asked`. */
export function auditRows(data: unknown[], asked: AuditedQuery = query): Deviation[] {
  return auditAnswer(asked, {
    status: 200,
    contentType: json,
    body: { fields: ADVANCED_FIELDS, data },
  });
}
