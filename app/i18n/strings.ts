/** The shape every other language's catalog must match: same keys, any strings. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
