// A contract type as a JSON Schema can say it, for comparing the contract's types with the generated ones.

/**
 * The contract's request input as a JSON Schema can say it: a filter's `property` is any string (the
 * document says `type: string`; the contract narrows what is written to the supported properties, and
 * the API answers 406 for another), and lists are not `readonly` (a notion JSON Schema lacks). Nothing
 * else is changed, so every other difference between the contract and the document fails the test.
 */
export type AsDocumented<T> = T extends readonly (infer Item)[]
  ? AsDocumented<Item>[]
  : T extends object
    ? { -readonly [Key in keyof T]: Key extends "property" ? string : AsDocumented<T[Key]> }
    : T;
