/**
 * Slack delivers what a person typed with exactly three characters encoded: `&` as `&amp;`,
 * `<` as `&lt;` and `>` as `&gt;` (in message events, slash command text and modal inputs
 * alike). Decoding them once here means the core stores and reasons about what was typed —
 * "A&B" matches the alias "r&d", a plan says "Sakura & Sons" — and escaping happens once, on
 * the way out. Mentions and links Slack itself produced (`<@U123>`, `<!channel>`) stay as
 * they are and are shown literally by the outbound escaping, so they ping no one.
 */
export function decodeSlackText(text: string): string {
  // `&amp;` last, or a typed "&lt;" (sent as `&amp;lt;`) would decode twice into "<".
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
