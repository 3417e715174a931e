/** The stored tables a change can touch (the `--state` database's row tables). */
export type JournalTable = "accounts" | "keys" | "requests" | "deliveries" | "idempotency" | "chats" | "logs";

/**
 * Ids of the records changed since the last commit, per table: what an incremental persister (the
 * Node server's state database) writes, so a commit costs the change, not the store. A marked id
 * that is no longer in the store was deleted. Off (null on the store) unless a persister attaches it.
 */
export class ChangeJournal {
  readonly accounts = new Set<string>();
  readonly keys = new Set<string>();
  readonly requests = new Set<string>();
  readonly deliveries = new Set<string>();
  readonly idempotency = new Set<string>();
  readonly chats = new Set<string>();
  readonly logs = new Set<string>();

  mark(table: JournalTable, id: string): void {
    this[table].add(id);
  }

  get size(): number {
    return (
      this.accounts.size +
      this.keys.size +
      this.requests.size +
      this.deliveries.size +
      this.idempotency.size +
      this.chats.size +
      this.logs.size
    );
  }

  clear(): void {
    this.accounts.clear();
    this.keys.clear();
    this.requests.clear();
    this.deliveries.clear();
    this.idempotency.clear();
    this.chats.clear();
    this.logs.clear();
  }
}
