/**
 * Binds the command layer to the default catalog (loaded and validated on first use) and the real
 * engine. The services themselves are built in services-from-catalog.ts.
 */
import { getCatalog } from "../../src/catalog/index.js";
import type { Services } from "./services.js";
import { servicesFromCatalog } from "./services-from-catalog.js";

export { servicesFromCatalog };

let memo: Services | null = null;

/** The services over the default catalog, built on first use. */
export function defaultServices(): Services {
	memo ??= servicesFromCatalog(getCatalog());
	return memo;
}
