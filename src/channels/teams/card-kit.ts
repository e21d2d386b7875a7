/**
 * Building blocks for Adaptive Cards 1.5, the highest version Teams renders. Cards are plain
 * JSON; this file keeps them small enough for every Teams surface (Workflows connectors cap
 * messages at 28 KB, the bot Connector at about 100 KB) and keeps user text inert.
 */

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Our own budget per card, well under 28 KB so that envelope fields never push a message over. */
export const MAX_CARD_BYTES = 24 * 1024;
/** Characters per TextBlock: long texts become several blocks, which Teams renders as one flow. */
const TEXT_BLOCK_CHARS = 1500;

export type CardElement = { type: string; [key: string]: unknown };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
}

export interface CardMessage {
  card: AdaptiveCard;
  /** Plain text for notifications and screen readers (the activity's `summary`). */
  summary: string;
}

export const card = (body: CardElement[], actions: CardElement[] = []): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: CARD_SCHEMA,
  version: CARD_VERSION,
  body,
  ...(actions.length > 0 ? { actions } : {}),
});

export const cardBytes = (c: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(c), 'utf8');

/**
 * TextBlock renders a Markdown subset (`**b**`, `_i_`, `` `c` ``, `[label](url)` with any label,
 * entities such as `&amp;`). None of our own texts use it, so every text is made inert with
 * CommonMark's backslash escapes: what the company typed is shown as typed, with no link to
 * disguise and no emphasis eaten. `&` is escaped only where it would start an entity, so
 * "A&B" stays "A&B" and is never escaped twice.
 */
export const neutralizeMarkdown = (text: string): string =>
  text.replace(/[\\`*_~[\]]/g, '\\$&').replace(/&(?=#?[0-9a-z]+;)/gi, '\\&');

export function textBlock(text: string, opts: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: neutralizeMarkdown(text), wrap: true, ...opts };
}

/** Splits at line breaks where possible, so numbered lists and review lines stay whole. */
export function splitText(text: string, max: number = TEXT_BLOCK_CHARS): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const pieces = [...line].length > max ? chunk(line, max) : [line];
    for (const piece of pieces) {
      const next = current.length === 0 ? piece : `${current}\n${piece}`;
      if ([...next].length > max && current.length > 0) {
        parts.push(current);
        current = piece;
      } else current = next;
    }
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

function chunk(line: string, max: number): string[] {
  const chars = [...line];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out;
}

export const truncate = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
};

/** Text as one or more cards, each under the byte budget; `first` elements go on the first card only. */
export function textCards(text: string, first: CardElement[] = []): AdaptiveCard[] {
  const cards: AdaptiveCard[] = [];
  let body: CardElement[] = [...first];
  for (const part of splitText(text)) {
    const block = textBlock(part);
    if (body.length > 0 && cardBytes(card([...body, block])) > MAX_CARD_BYTES) {
      cards.push(card(body));
      body = [];
    }
    body.push(block);
  }
  if (body.length > 0) cards.push(card(body));
  return cards;
}

/**
 * The last resort after the Connector refused a message as too large (413): every text cut
 * short and a note saying so, while inputs and actions stay so the card still works.
 */
export function shrinkCard(c: AdaptiveCard, note: string): AdaptiveCard {
  let texts = 0;
  const body = c.body.flatMap((e): CardElement[] => {
    if (e.type !== 'TextBlock' || typeof e.text !== 'string') return [e];
    texts += 1;
    return texts <= 6 ? [{ ...e, text: truncate(e.text, 300) }] : [];
  });
  return { ...c, body: [...body, textBlock(note, { isSubtle: true, size: 'Small' })] };
}

/** Action.Submit that does not validate or send the card's inputs (navigation, "don't know"). */
export const plainSubmit = (title: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'Action.Submit',
  title: truncate(title, 40),
  data,
  associatedInputs: 'none',
  ...extra,
});

/** Action.Submit that validates and sends the card's inputs. */
export const inputSubmit = (title: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'Action.Submit',
  title: truncate(title, 40),
  data,
  ...extra,
});
