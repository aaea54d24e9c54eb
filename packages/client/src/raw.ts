// The raw client: each route of the contract as `{ status, body, headers }` for every declared status, over the client's one request road.
import {
  contract,
  DOWNLOAD_FORMATS,
  type DownloadFormat,
  STEP_DOWNLOAD_PATH,
  WORKFLOW_INFO_PATH,
} from "@giosg-reporting/contract";
import type { z } from "zod/v3";
import {
  DECLARED_STATUSES,
  errorOfAnswer,
  readBytes,
  readErrorBody,
  readOkJson,
} from "./answer/answer";
import { checkOkBody, checkWorkflowInfo } from "./answer/validation";
import { acceptOf, checkContentType } from "./download/download";
import type { ResolvedOptions } from "./options";
import { headersOf, type RouteName, urlOf } from "./request/request";
import type { OutgoingRequest, Sent } from "./transport/transport";

type Routes = typeof contract;
type Responses<Name extends RouteName> = Routes[Name]["responses"];

/** One route's answer: a member per status the contract declares, its body typed by that status. */
export type RawAnswer<Name extends RouteName> = {
  [Status in keyof Responses<Name> & number]: {
    /** The HTTP status. */
    readonly status: Status;
    /** The body as the contract types it for this status (a download's 200: the file's bytes). */
    readonly body: Responses<Name>[Status] extends z.ZodTypeAny
      ? z.output<Responses<Name>[Status]>
      : never;
    /** The answer's headers. */
    readonly headers: Headers;
  };
}[keyof Responses<Name> & number];

/** One route's request, as ts-rest's clients take it: path parameters, the payload as given, headers. */
export type RawRequest<Name extends RouteName> = {
  /** The path parameters, inserted as given (URL-encoded). */
  readonly params: z.input<Routes[Name]["pathParams"]>;
  /** Headers of this call, over the client's. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the call (ts-rest's spelling; `signal` alone is read). */
  readonly fetchOptions?: { readonly signal?: AbortSignal | undefined };
} & (Routes[Name] extends { body: infer Body extends z.ZodTypeAny }
  ? {
      /** The payload, sent as given (not checked against the contract). */
      readonly body: z.input<Body>;
    }
  : unknown);

/** The raw client: every route of the contract answering a status union instead of throwing. */
export type RawClient = {
  readonly [Name in RouteName]: (request: RawRequest<Name>) => Promise<RawAnswer<Name>>;
};

/** What the raw client needs of the client: its options and its way of sending a whole answer. */
export interface RawContext {
  readonly options: ResolvedOptions;
  readonly whole: <T>(
    request: OutgoingRequest,
    signal: AbortSignal | undefined,
    consume: (sent: Sent) => Promise<T>,
  ) => Promise<T>;
}

/** Makes the raw client: the payload is sent as given, an undeclared status is thrown as a typed error. */
export function createRawClient({ options, whole }: RawContext): RawClient {
  const { maxAnswerBytes, validateResponse } = options;
  const call = (name: RouteName) => async (request: RawRequest<RouteName>) => {
    const route = contract[name];
    const body = (request as { body?: unknown }).body;
    const format = (body as { format?: unknown } | undefined)?.format;
    const known = DOWNLOAD_FORMATS.includes(format as DownloadFormat);
    const accept =
      route.path === STEP_DOWNLOAD_PATH && known ? acceptOf(format as DownloadFormat) : undefined;
    const headers = { ...headersOf(options, accept), ...request.headers };
    const init: RequestInit =
      "body" in route
        ? {
            method: route.method,
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify(body),
          }
        : { method: route.method, headers };
    const url = urlOf(options, name, request.params as object);
    return whole({ url, init }, request.fetchOptions?.signal, async (sent) => {
      const { status } = sent.response;
      // An undeclared status would otherwise be handed back typed as a declared one.
      if (!DECLARED_STATUSES.has(status)) throw await errorOfAnswer(sent, maxAnswerBytes);
      const answered = (value: unknown) => ({
        status,
        body: value,
        headers: sent.response.headers,
      });
      if (status !== 200) return answered(await readErrorBody(sent, maxAnswerBytes));
      if (route.path === STEP_DOWNLOAD_PATH) {
        if (validateResponse && known) checkContentType(sent, format as DownloadFormat);
        return answered(await readBytes(sent, maxAnswerBytes));
      }
      const json = await readOkJson(sent, maxAnswerBytes);
      if (validateResponse && route.path === WORKFLOW_INFO_PATH)
        checkWorkflowInfo(json, sent.attempts);
      else if (validateResponse)
        checkOkBody(json, (body as { basic?: unknown } | undefined)?.basic === true, sent.attempts);
      return answered(json);
    });
  };
  return Object.fromEntries(
    (Object.keys(contract) as RouteName[]).map((name) => [name, call(name)]),
  ) as unknown as RawClient;
}
