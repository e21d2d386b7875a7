/**
 * LINE Messaging API limits for the messages a bot sends, from LINE's reference
 * (developers.line.biz/en/reference/messaging-api/: "Send reply message", "Send push message",
 * "Message objects", "Quick reply", "Flex Message"). Written down here on their own, not taken
 * from src/, so the bot's renderer is checked against LINE's numbers rather than its own.
 * LINE answers 400 to a request that breaks any of them; the stand-in runs this on every
 * request it receives and the tests fail on any problem.
 */
export const LINE_DOCUMENTED_LIMITS = {
  messagesPerRequest: 5,
  textChars: 5000,
  quickReplyItems: 13,
  quickReplyLabelChars: 20,
  postbackDataChars: 300,
  postbackDisplayTextChars: 300,
  flexAltTextChars: 1500,
  carouselBubbles: 12,
  bubbleBytes: 30 * 1024,
  carouselBytes: 50 * 1024,
  flexButtonLabelChars: 40,
} as const;

const L = LINE_DOCUMENTED_LIMITS;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** LINE counts characters, not UTF-16 units: an emoji is one. */
const chars = (s: string) => [...s].length;
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

const MESSAGE_TYPES = new Set(['text', 'textV2', 'sticker', 'image', 'video', 'audio', 'location', 'imagemap', 'template', 'flex']);
const FLEX_COMPONENTS = new Set(['box', 'button', 'image', 'video', 'icon', 'text', 'span', 'separator', 'filler']);
const BOX_LAYOUTS = new Set(['horizontal', 'vertical', 'baseline']);
/** Components a baseline box may hold. */
const BASELINE_CHILDREN = new Set(['icon', 'text', 'filler', 'span']);
const ACTION_TYPES = new Set(['postback', 'message', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'richmenuswitch', 'clipboard']);

/** Every problem of one reply or push request's `messages`; empty when LINE would take it. */
export function lineRequestProblems(messages: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(messages)) return ['messages is not an array'];
  if (messages.length < 1 || messages.length > L.messagesPerRequest) problems.push(`${messages.length} messages in one request (1–${L.messagesPerRequest})`);
  messages.forEach((m, i) => problems.push(...messageProblems(m).map((p) => `message ${i + 1}: ${p}`)));
  return problems;
}

function messageProblems(m: unknown): string[] {
  if (!isObject(m) || typeof m.type !== 'string') return ['not a message object'];
  const problems: string[] = [];
  if (!MESSAGE_TYPES.has(m.type)) problems.push(`unknown message type ${m.type}`);
  if (m.type === 'text') {
    if (typeof m.text !== 'string' || m.text.length === 0) problems.push('text is empty');
    else if (chars(m.text) > L.textChars) problems.push(`text has ${chars(m.text)} characters (max ${L.textChars})`);
  }
  if (m.type === 'flex') problems.push(...flexProblems(m));
  if (m.quickReply !== undefined) problems.push(...quickReplyProblems(m.quickReply));
  return problems;
}

function quickReplyProblems(q: unknown): string[] {
  if (!isObject(q) || !Array.isArray(q.items)) return ['quickReply without items'];
  const problems: string[] = [];
  if (q.items.length < 1 || q.items.length > L.quickReplyItems) problems.push(`quick reply has ${q.items.length} items (1–${L.quickReplyItems})`);
  q.items.forEach((item, i) => {
    if (!isObject(item) || item.type !== 'action' || !isObject(item.action)) return void problems.push(`quick reply item ${i + 1} is not an action item`);
    const label = item.action.label;
    if (typeof label !== 'string' || chars(label) < 1 || chars(label) > L.quickReplyLabelChars) problems.push(`quick reply item ${i + 1} label ${JSON.stringify(label)} (1–${L.quickReplyLabelChars} characters)`);
    problems.push(...actionProblems(item.action).map((p) => `quick reply item ${i + 1}: ${p}`));
  });
  return problems;
}

function actionProblems(a: Json): string[] {
  const problems: string[] = [];
  if (typeof a.type !== 'string' || !ACTION_TYPES.has(a.type)) problems.push(`unknown action type ${String(a.type)}`);
  if (a.type === 'postback') {
    if (typeof a.data !== 'string' || a.data.length === 0 || chars(a.data) > L.postbackDataChars) problems.push(`postback data of ${typeof a.data === 'string' ? chars(a.data) : 0} characters (1–${L.postbackDataChars})`);
    if (a.displayText !== undefined && (typeof a.displayText !== 'string' || chars(a.displayText) < 1 || chars(a.displayText) > L.postbackDisplayTextChars)) problems.push('postback displayText out of 1–300 characters');
  }
  if (a.type === 'message' && (typeof a.text !== 'string' || chars(a.text) < 1 || chars(a.text) > 300)) problems.push('message action text out of 1–300 characters');
  return problems;
}

function flexProblems(m: Json): string[] {
  const problems: string[] = [];
  if (typeof m.altText !== 'string' || chars(m.altText) < 1 || chars(m.altText) > L.flexAltTextChars) problems.push(`altText out of 1–${L.flexAltTextChars} characters`);
  const c = m.contents;
  if (!isObject(c)) return [...problems, 'flex without contents'];
  if (c.type === 'bubble') problems.push(...bubbleProblems(c, 'bubble'));
  else if (c.type === 'carousel') {
    const bubbles = Array.isArray(c.contents) ? c.contents : [];
    if (bubbles.length < 1 || bubbles.length > L.carouselBubbles) problems.push(`carousel of ${bubbles.length} bubbles (1–${L.carouselBubbles})`);
    if (bytes(c) > L.carouselBytes) problems.push(`carousel of ${bytes(c)} bytes (max ${L.carouselBytes})`);
    const sizes = new Set(bubbles.map((b) => (isObject(b) ? (b.size ?? 'mega') : '?')));
    if (sizes.size > 1) problems.push('carousel bubbles of different sizes');
    bubbles.forEach((b, i) => problems.push(...(isObject(b) && b.type === 'bubble' ? bubbleProblems(b, `bubble ${i + 1}`) : [`carousel item ${i + 1} is not a bubble`])));
  } else problems.push(`unknown flex container ${String(c.type)}`);
  return problems;
}

function bubbleProblems(b: Json, where: string): string[] {
  const problems: string[] = [];
  if (bytes(b) > L.bubbleBytes) problems.push(`${where} of ${bytes(b)} bytes (max ${L.bubbleBytes})`);
  for (const block of ['header', 'hero', 'body', 'footer'] as const) if (b[block] !== undefined) problems.push(...componentProblems(b[block], `${where}.${block}`, null));
  return problems;
}

function componentProblems(c: unknown, where: string, parentLayout: string | null): string[] {
  if (!isObject(c) || typeof c.type !== 'string' || !FLEX_COMPONENTS.has(c.type)) return [`${where}: unknown component`];
  const problems: string[] = [];
  if (parentLayout === 'baseline' && !BASELINE_CHILDREN.has(c.type)) problems.push(`${where}: ${c.type} inside a baseline box`);
  if (c.type === 'box') {
    if (typeof c.layout !== 'string' || !BOX_LAYOUTS.has(c.layout)) problems.push(`${where}: box layout ${String(c.layout)}`);
    if (!Array.isArray(c.contents)) problems.push(`${where}: box without contents`);
    else c.contents.forEach((child, i) => problems.push(...componentProblems(child, `${where}.${i}`, typeof c.layout === 'string' ? c.layout : null)));
  }
  if (c.type === 'text' && (typeof c.text !== 'string' || c.text.length === 0) && !Array.isArray(c.contents)) problems.push(`${where}: text component without text`);
  if (c.type === 'button') {
    if (!isObject(c.action)) problems.push(`${where}: button without action`);
    else {
      const label = c.action.label;
      if (typeof label !== 'string' || chars(label) < 1 || chars(label) > L.flexButtonLabelChars) problems.push(`${where}: button label out of 1–${L.flexButtonLabelChars} characters`);
      problems.push(...actionProblems(c.action).map((p) => `${where}: ${p}`));
    }
  }
  return problems;
}
