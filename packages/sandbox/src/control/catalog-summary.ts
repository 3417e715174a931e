import { CATALOG, isTextModel } from "../catalog/models.js";
import type { CatalogSummary } from "./types.js";

/** `GET /_sandbox/models`: every model of the embedded catalog (in process, that is `CATALOG`). */
export function catalogSummary(): CatalogSummary[] {
  return CATALOG.map((model) =>
    isTextModel(model)
      ? { slug: model.id, type: "text", name: model.name }
      : { slug: model.slug, type: model.type, name: model.name },
  );
}
