// The Swagger UI files the docs page serves (copied into dist/swagger-ui/ at build time), with their types.

/** Each file of Swagger UI that `/docs/assets/<file>` serves, with its content type. */
export const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};
