// openapi.json as a Postman collection (openapi-to-postmanv2), with a test script added to each request
// that checks the answer against the document: a declared status and media type, and the JSON schema.
import { convert } from "openapi-to-postmanv2";
import type { OpenApiDocument } from "./document";
import { declaredAnswers } from "./response-schemas";

/** A request of a Postman collection, as far as the gate reads and changes it. */
interface CollectionItem {
  name: string;
  item?: CollectionItem[];
  request?: { method: string; url: { path?: string[] } };
  event?: { listen: string; script: { type: string; exec: string[] } }[];
}

/** A Postman collection (v2.1), as far as the gate reads it. */
export interface Collection {
  /** The folders and requests. */
  item: CollectionItem[];
}

/** The converter's options: the document's examples as the requests' parameters and bodies. */
const CONVERTER_OPTIONS = {
  requestParametersResolution: "Example",
  exampleParametersResolution: "Example",
  folderStrategy: "Paths",
} as const;

/** Converts the document (its text) with openapi-to-postmanv2, as a partner would in Postman. */
export function toCollection(text: string): Promise<Collection> {
  return new Promise((resolve, reject) => {
    convert({ type: "string", data: text }, CONVERTER_OPTIONS, (error, result) => {
      if (error) reject(error);
      else if (!result?.result) reject(new Error(`openapi-to-postmanv2: ${result?.reason}`));
      else resolve(result.output?.[0]?.data as Collection);
    });
  });
}

/**
 * The test script of one operation: the status is one the operation declares (and 200, since the
 * requests are the documentation's examples), the media type one it declares for that status, and a
 * JSON body satisfies the status's schema (Postman's `jsonSchema`, with the document's components).
 */
function testScript(document: OpenApiDocument, path: string, method: string): string[] {
  const answers: Record<string, Record<string, unknown>> = {};
  for (const answer of declaredAnswers(document))
    if (answer.path === path && answer.method === method)
      answers[answer.status] = { ...answers[answer.status], [answer.mediaType]: answer.schema };
  if (Object.keys(answers).length === 0)
    throw new Error(`no answers declared for ${method} ${path}`);
  return [
    `const answers = ${JSON.stringify(answers)};`,
    // The schemas' $refs point into #/components: each schema is checked with the components beside it.
    `const components = ${JSON.stringify(document.components)};`,
    "const status = String(pm.response.code);",
    "const mediaType = (pm.response.headers.get('Content-Type') || '').split(';')[0].trim();",
    "pm.test('answers 200', () => pm.response.to.have.status(200));",
    "pm.test('status ' + status + ' is declared', () => pm.expect(Object.keys(answers)).to.include(status));",
    "const declared = answers[status] || {};",
    "pm.test(mediaType + ' is declared for ' + status, () => pm.expect(Object.keys(declared)).to.include(mediaType));",
    "if (mediaType === 'application/json' && declared[mediaType])",
    "  pm.test('the body satisfies the schema', () => pm.response.to.have.jsonSchema({ ...declared[mediaType], components }));",
  ];
}

/** The document's path of a request (`:organization_id` read as `{organization_id}`). */
function documentPath(item: CollectionItem): string {
  const segments = item.request?.url.path ?? [];
  return `/${segments.map((segment) => segment.replace(/^:(\w+)$/, "{$1}")).join("/")}`;
}

/**
 * The collection with a test script added to each request, checking the answer against the document.
 * Returns the number of requests given a script.
 */
export function addSchemaAssertions(collection: Collection, document: OpenApiDocument): number {
  let requests = 0;
  const visit = (items: CollectionItem[]) => {
    for (const item of items) {
      if (item.item) visit(item.item);
      if (!item.request) continue;
      const exec = testScript(document, documentPath(item), item.request.method.toLowerCase());
      item.event = [
        ...(item.event ?? []),
        { listen: "test", script: { type: "text/javascript", exec } },
      ];
      requests += 1;
    }
  };
  visit(collection.item);
  return requests;
}
