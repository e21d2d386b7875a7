import { truncate } from './block-limits.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';

/** Plain text before escaping; escaped, it stays far below Slack's 40,000 for the `text` field. */
const FALLBACK_CHARS = 3000;

/**
 * A message's top-level `text`: what notifications, screen readers and clients without Block
 * Kit show. Slack parses it as mrkdwn, so text that is not ours could ping a channel
 * (`<!channel>`), a person (`<@U…>`) or hide a link (`<https://…|label>`); it is escaped
 * exactly once, after truncation so that a cut never splits an entity.
 */
export function fallbackText(text: string): string {
  return escapeMrkdwn(truncate(text, FALLBACK_CHARS));
}
