// The PostgreSQL sink's connection: a connection string refused (by the server, or in no form pg reads) is an ExportError naming --postgres, and no message shows its password.
import { describe, expect, it } from "vitest";
import { ExportError, openPostgresSink } from "../src";
import { redactor } from "../src/sink/postgres/redact";
import { WORKFLOW } from "./helpers/files";
import { postgresUrl } from "./helpers/postgres";

describe("a refused connection", () => {
  it.each([
    ["a wrong password", (url: URL) => url.toString()],
    ["a port nothing listens on", (url: URL) => Object.assign(url, { port: "1" }).toString()],
    ["a malformed URL", (url: URL) => `postgresql://postgres:${url.password}@[bad/x`],
  ])("%s: an ExportError naming --postgres, without the password", async (_, urlOf) => {
    const url = new URL(postgresUrl());
    url.password = "s3cret-Hunter2";
    const opening = openPostgresSink({ connectionString: urlOf(url), workflowId: WORKFLOW });
    const error = (await opening.then(
      () => new Error("opened"),
      (caught: unknown) => caught,
    )) as Error;
    expect(error).toBeInstanceOf(ExportError);
    expect(error.message).toMatch(/^--postgres: cannot connect to /);
    expect(`${error.message}\n${error.stack}\n${JSON.stringify(error)}`).not.toContain(
      "s3cret-Hunter2",
    );
  });
});

describe("a connection string in no form pg reads", () => {
  it.each([
    ["a URL without its colon", "postgres//postgres:s3cret-Hunter2@127.0.0.1:5432/postgres"],
    ["another database's URL", "mysql://postgres:s3cret-Hunter2@127.0.0.1:5432/postgres"],
    ["a host and port alone", "127.0.0.1:5432"],
    ["libpq's keywords", "host=127.0.0.1 password=s3cret-Hunter2 dbname=postgres"],
    ["nothing", ""],
  ])(
    "%s: an ExportError naming --postgres before any connection, the string not shown",
    async (_, connectionString) => {
      const error = await openPostgresSink({ connectionString, workflowId: WORKFLOW }).then(
        () => new Error("opened"),
        (caught: unknown) => caught as Error,
      );
      expect(error).toBeInstanceOf(ExportError);
      expect(error.message).toBe(
        "--postgres: is not a PostgreSQL connection string: write postgresql://user@host:port/database (or a socket's folder, such as /var/run/postgresql)",
      );
    },
  );

  it.each([
    ["postgres://", (url: URL) => url.toString().replace(/^postgresql:/, "postgres:")],
    ["POSTGRESQL://", (url: URL) => url.toString().replace(/^postgresql:/, "POSTGRESQL:")],
    ["a socket's folder", () => "/nonexistent-socket-folder postgres"],
  ])("%s is read as a connection string (it fails only at connecting)", async (_, stringOf) => {
    const url = new URL(postgresUrl());
    url.port = "1";
    const error = await openPostgresSink({
      connectionString: stringOf(url),
      workflowId: WORKFLOW,
    }).then(
      () => new Error("opened"),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toMatch(/^--postgres: cannot connect to /);
  });
});

describe("the password mask", () => {
  it.each([
    ["postgresql://exporter:p%40ss%2Fw0rd@db:5432/warehouse", ["p%40ss%2Fw0rd", "p@ss/w0rd"]],
    ["postgres://db/warehouse?user=exporter&password=Hunter2&sslmode=require", ["Hunter2"]],
    ["host=db user=exporter password='se cret' dbname=warehouse", ["se cret"]],
  ])("masks the password of %s, as written and decoded", (connectionString, secrets) => {
    const redact = redactor(connectionString);
    const text = `failed: ${connectionString} ${secrets.join(" ")}`;
    for (const secret of secrets) expect(redact(text)).not.toContain(secret);
    expect(redact(text)).toContain("***");
  });
});
