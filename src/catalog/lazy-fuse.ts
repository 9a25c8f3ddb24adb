/**
 * fuse.js, loaded on first use. Typo repair is the rare path (an exact lookup answers most names),
 * so the one-shot CLI should not pay for loading fuse.js, nor for building fuzzy indexes, when every
 * word was spelled right. `createRequire` gives a synchronous load, which the resolvers need (they are
 * synchronous); fuse.js ships a CommonJS build for exactly this ("require" in its package exports).
 */
import { createRequire } from "node:module";
import type FuseType from "fuse.js";

type FuseConstructor = typeof FuseType;

let ctor: FuseConstructor | null = null;

export function fuseConstructor(): FuseConstructor {
	ctor ??= createRequire(import.meta.url)("fuse.js") as FuseConstructor;
	return ctor;
}

/** A value built on first use and kept (e.g. one Fuse index per catalog). */
export function lazy<T>(build: () => T): () => T {
	let value: { v: T } | null = null;
	return () => {
		value ??= { v: build() };
		return value.v;
	};
}
