import { CATALOG, isGenerationModel } from "../catalog/models.js";
import type { CatalogSummary } from "./types.js";

/** `GET /_sandbox/models`: every model of the embedded catalog (in process, that is `CATALOG`). */
export function catalogSummary(): CatalogSummary[] {
  return CATALOG.map((model) =>
    isGenerationModel(model)
      ? { slug: model.slug, type: model.type, name: model.name }
      : { slug: model.id, type: "text", name: model.name },
  );
}
