/** Deliveries already handled, shared by replicas and surviving restarts. */
export interface EventLedger {
  /** True the first time an id is seen; false for a retry or another replica's copy. */
  firstTime(id: string, source: string, now: Date): Promise<boolean>;
}

export interface StoredChannelMessage {
  kind: string;
  key: string;
  channel: string;
  address: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Where the bot posted something it may update later (a handoff card, the current question). */
export interface ChannelMessages {
  get(kind: string, key: string, channel: string): Promise<Record<string, unknown> | null>;
  put(kind: string, key: string, channel: string, address: Record<string, unknown>, now: Date): Promise<void>;
  remove(kind: string, key: string, channel: string): Promise<void>;
  /**
   * Every message stored under `key` or under `<key>:…` (a handoff card's thread replies are
   * kept as `<handoff id>:<message id>`), of any kind and channel.
   */
  list(key: string): Promise<StoredChannelMessage[]>;
}
