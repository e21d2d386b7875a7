import type { ChannelId } from '../core/intake.js';

/** How a turn ended, as counted in the metrics. */
export type TurnOutcome = 'processed' | 'invalid' | 'rate_limited' | 'too_long' | 'error';

/**
 * Hears of every inbound turn, whatever the channel: `begin` when it arrives, the returned
 * function when it ends. Metrics implement it; the use case stays free of any metrics library.
 */
export interface TurnObserver {
  begin(channel: ChannelId): (outcome: TurnOutcome) => void;
}
