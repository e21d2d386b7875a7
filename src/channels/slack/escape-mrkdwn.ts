/**
 * Slack reads `<…>` in mrkdwn as a control sequence: `<!channel>` notifies everyone,
 * `<@U123>` pings a person, `<https://evil|click>` hides a link behind friendly text. Slack's
 * documented rule is to escape exactly `&`, `<` and `>` in text that is not ours; the other
 * formatting characters (`*`, `_`, `~`, backticks) only change looks, not who is notified
 * or where a link goes, so they are left for the person's own formatting.
 */

/** Makes user-supplied text render literally inside a mrkdwn text object. */
export function escapeMrkdwn(text: string): string {
  // `&` first, or the `&` of the entities produced below would be escaped again.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shows user-supplied text as a block quote: escaped, every line prefixed with `> `.
 * Escaping `>` also stops a line such as `>>> ` in the answer from re-opening or extending
 * the quote on its own terms.
 */
export function quoteUserText(text: string): string {
  return escapeMrkdwn(text)
    .split(/\r\n|\r|\n/)
    .map((line) => (line.length > 0 ? `> ${line}` : '>'))
    .join('\n');
}
