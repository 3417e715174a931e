import { CATALOG } from "../catalog/models.js";

/** A catalog entry as the console's model picker lists it. */
export interface CatalogSummary {
  slug: string;
  type: string;
  name: string;
}

/** `GET /_sandbox/models`: every model of the embedded catalog (in process, that is `CATALOG`). */
export function catalogSummary(): CatalogSummary[] {
  return CATALOG.map((model) => ({ slug: model.slug, type: model.type, name: model.name }));
}
