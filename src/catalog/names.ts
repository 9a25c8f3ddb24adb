/** Every name a catalog entry answers to (shared by the loader's duplicate checks, the resolvers and completion). */
import type { Model } from "./schema.js";

export function modelNames(m: Model): string[] {
	return [m.id, m.name, ...m.aliases, ...m.ollamaTags, ...(m.hfRepo !== null ? [m.hfRepo] : [])];
}
