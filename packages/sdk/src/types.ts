import type { components, paths } from "./generated/schema.js";

type Schemas = components["schemas"];
type JsonBody<T> = T extends { content: { "application/json": infer B } } ? B : never;
type QueryOf<T> = T extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** A generation: `queued` → `in_progress` → `completed` | `failed` | `canceled`. */
export type Generation = Schemas["Generation"];
/** A generation's status. */
export type GenerationStatus = Schemas["GenerationStatus"];
/** A model of the catalog, with its `input_schema` and pricing. */
export type Model = Schemas["Model"];
/** The account of the calling key. */
export type Account = Schemas["Account"];
/** An API key as listed: `redacted_value`, never the secret. */
export type ApiKey = Schemas["ApiKey"];
/** An API key as created or rolled: the only time `secret` is present. */
export type ApiKeyWithSecret = Schemas["ApiKeyWithSecret"];
/** Every error `code` the API sends. */
export type ErrorCode = Schemas["ErrorCode"];
/** One invalid field of a 400 `invalid_request`. */
export type ErrorDetail = Schemas["ErrorDetail"];
/** A key scope. */
export type Scope = Schemas["Scope"];
/** A key status, derived: `revoked` > `disabled` > `expired` > `exhausted` > `active`. */
export type KeyStatus = Schemas["KeyStatus"];
/** A completed generation's output. */
export type GenerationOutput = Schemas["GenerationOutput"];
/** Which models a key may use. */
export type ModelAccess = Schemas["ModelAccess"];

/** Body of `generations.create` / `run`: `{input, webhook_url?, metadata?}`. */
export type GenerationCreateParams = JsonBody<NonNullable<paths["/v1/models/{model}"]["post"]["requestBody"]>>;
/** Query of `generations.list`: `status`, `model`, `limit`, `after`. */
export type GenerationListParams = QueryOf<paths["/v1/generations"]["get"]>;
/** Query of `models.list`: `limit`, `after`. */
export type ModelListParams = QueryOf<paths["/v1/models"]["get"]>;
/** Body of `keys.create`. */
export type KeyCreateParams = JsonBody<NonNullable<paths["/v1/keys"]["post"]["requestBody"]>>;
/** Body of `keys.update`. */
export type KeyUpdateParams = JsonBody<NonNullable<paths["/v1/keys/{id}"]["patch"]["requestBody"]>>;
type RollBody = JsonBody<NonNullable<paths["/v1/keys/{id}/roll"]["post"]["requestBody"]>>;
/**
 * Body of `keys.roll`: `{expire_current_in_seconds?}`. Partial because openapi-typescript marks a
 * field with a default as required, while the API applies the default (0) when it is absent.
 */
export type KeyRollParams = RollBody;
/** Query of `keys.list`: `status`, `environment`, `limit`, `after`. */
export type KeyListParams = QueryOf<paths["/v1/keys"]["get"]>;

/** A wire object with the `X-Request-Id` of its response as a non-enumerable `_request_id`. */
export type WithRequestId<T> = T & { readonly _request_id: string | null };
