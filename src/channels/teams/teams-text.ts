/**
 * What a person typed, from an activity's `text`. Most Teams clients send plain text, but some
 * (and every message with formatting, `textFormat: "xml"`) send the HTML of the compose box:
 * `<p>A&amp;B &lt;新方式&gt;</p>`, with `<at>` around mentions. The core must store what was
 * typed, so HTML is turned back into text here, once; plain text is left exactly as it came,
 * so a typed `<新方式>` or `&amp;` survives.
 */
export function teamsText(text: string, textFormat?: string): string {
  const html = textFormat === 'xml' || textFormat === 'html' || KNOWN_TAG.test(text) || onlyEntities(text);
  if (!html) return withoutMentions(text);
  const plain = withoutMentions(text)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|li|h[1-6]|blockquote|pre|tr)>\s*/gi, '\n')
    .replace(new RegExp(KNOWN_TAG.source, 'gi'), '');
  return decodeEntities(plain).replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
}

/** Removes the bot's @mention that Teams puts into the text in channels and group chats. */
export const withoutMentions = (text: string): string => text.replace(/<at[^>]*>.*?<\/at>/gis, '').trim();

// Only the tags a Teams compose box produces: `<新方式>` or `<!channel>` typed as text is not one of them.
const KNOWN_TAG = /<\/?(?:p|div|br|span|at|b|i|u|s|em|strong|strike|del|code|pre|blockquote|ul|ol|li|h[1-6]|a|img|table|thead|tbody|tr|td|th|hr)(?:\s[^<>]*)?\/?>/i;

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp|#39));/gi;

/** Escaped text with no raw markup character: every `&` begins an entity and no `<` or `>` is bare. */
function onlyEntities(text: string): boolean {
  if (!/&(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i.test(text) || /[<>]/.test(text)) return false;
  return text.replace(ENTITY, '').indexOf('&') === -1;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    const code = dec !== undefined ? Number(dec) : hex !== undefined ? Number.parseInt(hex, 16) : undefined;
    if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return NAMED[(name ?? '').toLowerCase()] ?? whole;
  });
}
