import { z } from 'zod';
import { cardProblems as rendererProblems } from '../../support/teams-card-check.js';

/**
 * What Teams accepts, written down here apart from src/ so the bot's cards are checked against
 * the documents rather than against its own builders.
 *
 * The Adaptive Cards 1.5 JSON schema (adaptivecards.io/schemas/1.5.0/adaptive-card.json) is not
 * in node_modules and this machine cannot download it, so it is restated below for every
 * element type the schema defines: the elements and actions our cards use are modelled with
 * their 1.5 properties and enum values (no property outside the schema, as its
 * `additionalProperties: false` says); any other 1.5 type is reported as not modelled, so a new
 * card shape must be added here before it can pass. Microsoft's own `adaptivecards` parser at
 * 1.5 runs as well (test/support/teams-card-check.ts).
 */
export const TEAMS_LIMITS = {
  /** Teams' documented size limit for a bot message with cards (learn.microsoft.com, Teams platform: 28 KB). */
  cardBytes: 28 * 1024,
  /** Teams shows at most six primary actions on a card (learn.microsoft.com, "Adaptive Cards actions"). */
  actions: 6,
  /** No per-block limit is documented; long texts are split into blocks of this size at most so a card reads (and renders) in pieces. */
  textBlockChars: 2000,
  /** Teams cuts button titles; the Adaptive Cards host config for Teams truncates beyond this. */
  actionTitleChars: 40,
} as const;

const ci = (...values: string[]) => z.string().refine((v) => values.some((x) => x.toLowerCase() === v.toLowerCase()), { message: `one of ${values.join(', ')}` });
const spacing = ci('default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding');

/** Properties every element may have (Extendable.Element, 1.5). */
const element = {
  id: z.string().optional(),
  isVisible: z.boolean().optional(),
  requires: z.record(z.string(), z.string()).optional(),
  fallback: z.unknown().optional(),
  height: ci('auto', 'stretch').optional(),
  separator: z.boolean().optional(),
  spacing: spacing.optional(),
};

/** Properties every action may have (Extendable.Action, 1.5). */
const action = {
  title: z.string().optional(),
  iconUrl: z.string().optional(),
  id: z.string().optional(),
  style: ci('default', 'positive', 'destructive').optional(),
  fallback: z.unknown().optional(),
  tooltip: z.string().optional(),
  isEnabled: z.boolean().optional(),
  mode: ci('primary', 'secondary').optional(),
  requires: z.record(z.string(), z.string()).optional(),
};

/** Input properties (Extendable.Input, 1.5). */
const input = { ...element, id: z.string().min(1), label: z.string().optional(), isRequired: z.boolean().optional(), errorMessage: z.string().optional() };

const textBlock = z.strictObject({
  ...element,
  type: z.literal('TextBlock'),
  text: z.string(),
  color: ci('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention').optional(),
  fontType: ci('default', 'monospace').optional(),
  horizontalAlignment: ci('left', 'center', 'right').optional(),
  isSubtle: z.boolean().optional(),
  maxLines: z.number().int().positive().optional(),
  size: ci('default', 'small', 'medium', 'large', 'extraLarge').optional(),
  weight: ci('default', 'lighter', 'bolder').optional(),
  wrap: z.boolean().optional(),
  style: ci('default', 'heading').optional(),
});

const inputText = z.strictObject({
  ...input,
  type: z.literal('Input.Text'),
  isMultiline: z.boolean().optional(),
  maxLength: z.number().int().positive().optional(),
  placeholder: z.string().optional(),
  regex: z.string().optional(),
  style: ci('text', 'tel', 'url', 'email', 'password').optional(),
  inlineAction: z.unknown().optional(),
  value: z.string().optional(),
});

const inputChoiceSet = z.strictObject({
  ...input,
  type: z.literal('Input.ChoiceSet'),
  choices: z.array(z.strictObject({ type: z.literal('Input.Choice').optional(), title: z.string().min(1), value: z.string().min(1) })),
  isMultiSelect: z.boolean().optional(),
  style: ci('compact', 'expanded', 'filtered').optional(),
  value: z.string().optional(),
  placeholder: z.string().optional(),
  wrap: z.boolean().optional(),
});

const submitLike = { ...action, data: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(), associatedInputs: ci('auto', 'none').optional() };
const actionSubmit = z.strictObject({ ...submitLike, type: z.literal('Action.Submit') });
const actionExecute = z.strictObject({ ...submitLike, type: z.literal('Action.Execute'), verb: z.string().optional() });
const actionOpenUrl = z.strictObject({ ...action, type: z.literal('Action.OpenUrl'), url: z.string().min(1) });
const actionShowCard = z.strictObject({ ...action, type: z.literal('Action.ShowCard'), card: z.record(z.string(), z.unknown()) });
const actionSet = z.strictObject({ ...element, type: z.literal('ActionSet'), actions: z.array(z.record(z.string(), z.unknown())) });

const cardSchema = z.strictObject({
  type: z.literal('AdaptiveCard'),
  $schema: z.string().optional(),
  version: z.string().optional(),
  body: z.array(z.record(z.string(), z.unknown())).optional(),
  actions: z.array(z.record(z.string(), z.unknown())).optional(),
  selectAction: z.unknown().optional(),
  fallbackText: z.string().optional(),
  minHeight: z.string().optional(),
  rtl: z.boolean().nullable().optional(),
  speak: z.string().optional(),
  lang: z.string().optional(),
  verticalContentAlignment: ci('top', 'center', 'bottom').optional(),
  msteams: z.unknown().optional(),
});

const ELEMENTS: Record<string, z.ZodType> = { TextBlock: textBlock, 'Input.Text': inputText, 'Input.ChoiceSet': inputChoiceSet, ActionSet: actionSet };
const ACTIONS: Record<string, z.ZodType> = { 'Action.Submit': actionSubmit, 'Action.Execute': actionExecute, 'Action.OpenUrl': actionOpenUrl, 'Action.ShowCard': actionShowCard };
/** The rest of 1.5's types: valid Adaptive Cards, but not modelled here yet. */
const OTHER_15 = new Set(['Container', 'ColumnSet', 'Column', 'FactSet', 'Image', 'ImageSet', 'Media', 'RichTextBlock', 'Table', 'Input.Date', 'Input.Number', 'Input.Time', 'Input.Toggle', 'Action.ToggleVisibility']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const issues = (where: string, r: { success: boolean; error?: z.ZodError }) => (r.success ? [] : (r.error?.issues ?? []).map((i) => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`));

function checkAction(a: unknown, where: string, ids: Set<string>): string[] {
  if (!isObject(a) || typeof a.type !== 'string') return [`${where}: an action without a type`];
  const schema = ACTIONS[a.type];
  if (!schema) return [`${where}: ${a.type} is ${OTHER_15.has(a.type) ? 'not modelled here yet' : 'not an Adaptive Cards 1.5 action'}`];
  const out = issues(where, schema.safeParse(a));
  if (typeof a.title === 'string' && [...a.title].length > TEAMS_LIMITS.actionTitleChars) out.push(`${where}: title of ${[...a.title].length} characters (Teams shows ${TEAMS_LIMITS.actionTitleChars})`);
  if (a.type === 'Action.ShowCard' && isObject(a.card)) out.push(...checkCard(a.card, `${where}.card`, ids, false));
  return out;
}

function checkElement(e: unknown, where: string, ids: Set<string>): string[] {
  if (!isObject(e) || typeof e.type !== 'string') return [`${where}: an element without a type`];
  const schema = ELEMENTS[e.type];
  if (!schema) return [`${where}: ${e.type} is ${OTHER_15.has(e.type) ? 'not modelled here yet' : 'not an Adaptive Cards 1.5 element'}`];
  const out = issues(where, schema.safeParse(e));
  if (typeof e.id === 'string') {
    if (ids.has(e.id)) out.push(`${where}: id "${e.id}" used twice`);
    ids.add(e.id);
  }
  if (e.type === 'TextBlock' && typeof e.text === 'string') {
    if ([...e.text].length > TEAMS_LIMITS.textBlockChars) out.push(`${where}: TextBlock of ${[...e.text].length} characters (max ${TEAMS_LIMITS.textBlockChars})`);
    if (e.text.trim() === '') out.push(`${where}: empty TextBlock`);
  }
  if (e.type === 'ActionSet' && Array.isArray(e.actions)) {
    if (e.actions.length > TEAMS_LIMITS.actions) out.push(`${where}: ${e.actions.length} actions (Teams shows ${TEAMS_LIMITS.actions})`);
    e.actions.forEach((a, i) => out.push(...checkAction(a, `${where}.actions.${i}`, ids)));
  }
  return out;
}

function checkCard(c: Json, where: string, ids: Set<string>, top: boolean): string[] {
  const out = issues(where, cardSchema.safeParse(c));
  if (top && c.version !== '1.5') out.push(`${where}: version ${JSON.stringify(c.version)}, not "1.5"`);
  const body = Array.isArray(c.body) ? c.body : [];
  const actions = Array.isArray(c.actions) ? c.actions : [];
  body.forEach((e, i) => out.push(...checkElement(e, `${where}.body.${i}`, ids)));
  if (actions.length > TEAMS_LIMITS.actions) out.push(`${where}: ${actions.length} actions (Teams shows ${TEAMS_LIMITS.actions})`);
  actions.forEach((a, i) => out.push(...checkAction(a, `${where}.actions.${i}`, ids)));
  return out;
}

/** Every way a card sent to Teams falls short: schema 1.5, Teams' limits, Microsoft's parser, a placeholder left in. */
export function teamsCardProblems(content: unknown): string[] {
  if (!isObject(content)) return ['not a JSON object'];
  const out = checkCard(content, 'card', new Set(), true);
  const bytes = Buffer.byteLength(JSON.stringify(content), 'utf8');
  if (bytes > TEAMS_LIMITS.cardBytes) out.push(`card: ${bytes} bytes (Teams takes ${TEAMS_LIMITS.cardBytes})`);
  if (JSON.stringify(content).includes('{{')) out.push('card: an unreplaced {{placeholder}}');
  out.push(...rendererProblems(content).map((p) => `adaptivecards: ${p}`));
  return [...new Set(out)];
}

/** The problems of many cards, each with the start of the card it was found in. */
export function allTeamsCardProblems(cards: unknown[]): string[] {
  return cards.flatMap((c, i) => teamsCardProblems(c).map((p) => `card ${i} (${JSON.stringify(c).slice(0, 100)}…): ${p}`));
}
