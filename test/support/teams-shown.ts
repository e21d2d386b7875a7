/**
 * What a TextBlock's Markdown looks like on screen, as plain text: a small CommonMark inline
 * renderer (backslash escapes, code spans, links, emphasis, entities) standing in for Teams'
 * renderer, so tests can say "shown as typed" rather than compare escaped source.
 */
export function shownText(markdown: string): string {
  const escaped: string[] = [];
  // Private-use characters hold escaped characters while the markup is rendered.
  const held = markdown.replace(/\\([!-/:-@[-`{-~])/g, (_, ch: string) => String.fromCharCode(0xe000 + escaped.push(ch) - 1));
  const rendered = held
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '$1')
    .replace(/\*(\S(?:.*?\S)?)\*/g, '$1')
    .replace(/(^|[^\p{L}\p{N}])_(\S(?:.*?\S)?)_(?=[^\p{L}\p{N}]|$)/gu, '$1$2')
    .replace(/~~(\S(?:.*?\S)?)~~/g, '$1')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');
  return rendered.replace(/[\ue000-\uefff]/g, (c) => escaped[c.charCodeAt(0) - 0xe000] ?? c);
}
