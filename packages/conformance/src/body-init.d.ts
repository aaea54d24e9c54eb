// hey-api's generated fetch client names `BodyInit`, which only the DOM library declares globally; Node's
// types (this package's lib) have the same type as fetch's `RequestInit["body"]`.
export {};

declare global {
  /** What fetch accepts as a request body. */
  type BodyInit = NonNullable<RequestInit["body"]>;
}
