// downloadStepSourceData against a raw node:http server on 127.0.0.1: the file's name and type from the
// headers, and what is not the file (a wrong type, an error status) ending in the typed error.
import { downloadFileName } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import {
  CSV,
  clientOf,
  FILE,
  fast,
  file,
  query,
  serve,
  setUpDownloads,
  text,
  XLSX_TYPE,
} from "./helpers/download";
import { ending, JSON_HEADERS } from "./helpers/hostile";

setUpDownloads();

describe("the file's name, type and size", () => {
  it.each<[string, string | undefined, string]>([
    ["quoted", 'attachment; filename="step 1.csv"', "step 1.csv"],
    ["a token", "attachment; filename=step.csv", "step.csv"],
    [
      "filename* over filename",
      `attachment; filename="fallback.csv"; filename*=UTF-8''M%C3%A4rz%20%E2%82%AC.csv`,
      "März €.csv",
    ],
    ["filename* first", `attachment; filename*=utf-8''a%20b.csv; filename=c.csv`, "a b.csv"],
    ["ISO-8859-1", `attachment; filename*=iso-8859-1'en'%E4.csv`, "ä.csv"],
    [
      "malformed filename*: filename",
      `attachment; filename*=UTF-8''%E2%82.csv; filename="ok.csv"`,
      "ok.csv",
    ],
    [
      "escaped quotes and a semicolon: not plain, the contract's",
      String.raw`attachment; filename="a \"b\"; c.csv"`,
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
    ...(
      [
        ["a leading dot (.npmrc)", ".npmrc"],
        ["a dot file with the extension", ".hidden.csv"],
        ["another extension (package.json)", "package.json"],
        ["a right-to-left override", "report\u202Evsc.csv"],
        ["a colon", "C:x.csv"],
        ["a name too long", `${"a".repeat(401)}.csv`],
        ["an extension alone", ".csv"],
      ] as const
    ).map(([name, fileName]): [string, string | undefined, string] => [
      `${name}: not safe, the contract's`,
      `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ]),
    ["upper-case names, spaces", 'Attachment ; FILENAME = "x.csv"', "x.csv"],
    ["a path: its last segment only", 'attachment; filename="../../etc/passwd.csv"', "passwd.csv"],
    ["a Windows path", String.raw`attachment; filename="C:\\tmp\\x.csv"`, "x.csv"],
    [
      "no name: the contract's",
      "attachment",
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
    [
      "no header: the contract's",
      undefined,
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
    [
      "a name of dots: the contract's",
      'attachment; filename=".."',
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
  ])("%s", async (_, header, fileName) => {
    const server = await serve(file(header === undefined ? {} : { "content-disposition": header }));
    const download = await clientOf(server).downloadStepSourceData(query);
    expect(download).toMatchObject({ fileName, format: "csv", contentType: CSV["content-type"] });
    expect(await new Response(download.body).text()).toBe(FILE);
  });

  it("size from Content-Length; undefined when chunked", async () => {
    const sized = await serve(file({ "content-length": String(Buffer.byteLength(FILE)) }));
    expect((await clientOf(sized).downloadStepSourceData(query)).size).toBe(
      Buffer.byteLength(FILE),
    );
    const chunked = await serve((_, response) => {
      response.writeHead(200, CSV);
      response.write(FILE.slice(0, 10));
      response.end(FILE.slice(10));
    });
    const download = await clientOf(chunked).downloadStepSourceData(query);
    expect(download.size).toBeUndefined();
    const chunks: Uint8Array[] = [];
    for await (const chunk of download) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(FILE);
  });

  it("sends the step's payload and format to …/download/, accepting the file's type and JSON", async () => {
    let seen: Record<string, string | undefined> & { body: string } = { body: "" };
    const server = await serve((request, response) => {
      seen = { method: request.method, url: request.url, accept: request.headers.accept, body: "" };
      request.on("data", (chunk: Buffer) => {
        seen.body += chunk.toString();
      });
      request.on("end", () => file()(request, response, { bytes: 0 }));
    });
    await text(server);
    expect(seen).toMatchObject({
      method: "POST",
      url: `/api/reporting/workflow/v1/orgs/${query.organizationId}/workflows/${query.workflowId}/step/1/download/`,
      accept: "text/csv, application/json",
    });
    expect(JSON.parse(seen.body)).toMatchObject({ format: "csv", limit: 2, basic: false });
  });
});

describe("what is not the file", () => {
  it.each<[string, "csv" | "xlsx", Record<string, string>]>([
    ["JSON for a CSV", "csv", JSON_HEADERS],
    ["HTML for a CSV", "csv", { "content-type": "text/html" }],
    ["CSV in Latin-1", "csv", { "content-type": "text/csv; charset=iso-8859-1" }],
    ["CSV for an XLSX", "xlsx", CSV],
    ["no type", "csv", {}],
  ])("a 200 of %s: invalid-response, nothing read", async (_, format, headers) => {
    const server = await serve((__, response) => {
      response.writeHead(200, headers);
      response.end('{"fields":[],"data":[]}');
    });
    const result = await ending(() =>
      clientOf(server).downloadStepSourceData({ ...query, format }),
    );
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", status: 200, attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining(`not a ${format} file`) });
  });

  it("the type is not held to the format with validateResponse: false", async () => {
    const server = await serve(file({ "content-type": "application/octet-stream" }));
    expect(await text(server, { validateResponse: false })).toBe(FILE);
  });

  it("an XLSX type for an XLSX", async () => {
    const server = await serve(file({ "content-type": XLSX_TYPE }));
    const download = await clientOf(server).downloadStepSourceData({ ...query, format: "xlsx" });
    expect(download.contentType).toBe(XLSX_TYPE);
    await download.body.cancel();
  });

  it("an error status with a JSON body: the api error with its code, not retried", async () => {
    const server = await serve((_, response) => {
      response.writeHead(404, JSON_HEADERS);
      response.end('{"code":"step_not_found","detail":"No step 7."}');
    });
    const result = await ending(() =>
      clientOf(server, { retry: fast }).downloadStepSourceData(query),
    );
    expect(result).toMatchObject({ ok: false, kind: "api", status: 404, attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("step_not_found") });
  });
});
