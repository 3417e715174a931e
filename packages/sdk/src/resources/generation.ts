import { type APIPromise, apiPromise } from "../internal/api-promise.js";
import type { Requester } from "../internal/requester.js";
import type { RequestOptions } from "../options.js";
import type { ChatGeneration } from "../types.js";

/**
 * `GET /v1/generation?id=`: the cost of a chat completion of the AI gateway. The completion itself
 * goes through the stock `openai` SDK (`baseURL: "https://api.clipia.ai/v1"`), not this client.
 */
export interface Generation {
  /**
   * The cost and token counts of a finished chat completion of the key's account and environment,
   * by its `chatcmpl-…` id (the API's `data`, unwrapped). `NotFoundError` for an unknown id or
   * one of another account or environment.
   * @example
   * ```ts
   * const { total_cost, tokens_prompt, tokens_completion } = await clipia.generation.retrieve(completion.id);
   * ```
   */
  retrieve(id: string, options?: RequestOptions): APIPromise<ChatGeneration>;
}

/** @internal `clipia.generation`: each method is one call through the client. */
export const generation = (requester: Requester): Generation => ({
  retrieve: (id, options) =>
    apiPromise(
      requester
        .request<{ data: ChatGeneration }>({ method: "GET", path: "/v1/generation", query: { id }, options })
        .then(({ data, response }) => ({ data: data.data, response })),
    ),
});
