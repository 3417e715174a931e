import type { Clipia } from "./client.js";

/** Base of the resource classes: each method is one call through the client. */
export abstract class APIResource {
  protected readonly _client: Clipia;
  constructor(client: Clipia) {
    this._client = client;
  }
}
