import { createRequire } from 'node:module';

/**
 * Checks a card the way Teams' renderer reads it, with Microsoft's own `adaptivecards` package
 * (its default entry needs a browser; the UMD bundle works on Node): parsed at schema 1.5, any
 * parse event (unknown element, bad enum value, newer-version feature) or validation event
 * (missing or duplicate id, …) is a problem. Version and size are checked here as well.
 */

interface SerializationContext {
  eventCount: number;
  getEventAt(i: number): { message: string };
}
interface AdaptiveCardInstance {
  parse(json: unknown, context: SerializationContext): void;
  validateProperties(): { validationEvents: { message: string }[] };
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => AdaptiveCardInstance;
  SerializationContext: new (version: unknown) => SerializationContext;
  Versions: { v1_5: unknown };
}

const load = createRequire(import.meta.url);
const isModule = (m: unknown): m is AdaptiveCardsModule =>
  typeof m === 'object' && m !== null && 'AdaptiveCard' in m && 'SerializationContext' in m && 'Versions' in m;
const loaded: unknown = load('adaptivecards/dist/adaptivecards.js');
if (!isModule(loaded)) throw new Error('adaptivecards did not load');
const AC = loaded;

/** Teams Workflows' limit; the bot Connector allows more, we keep to the smaller one. */
export const CARD_SIZE_LIMIT = 28 * 1024;

export function cardProblems(content: unknown): string[] {
  const problems: string[] = [];
  const size = Buffer.byteLength(JSON.stringify(content), 'utf8');
  if (size >= CARD_SIZE_LIMIT) problems.push(`card is ${size} bytes`);
  if (typeof content !== 'object' || content === null || !('version' in content) || content.version !== '1.5') problems.push('version is not "1.5"');
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(content, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}

/** Problems of many cards, each prefixed with a short description of the card it was found in. */
export function allCardProblems(cards: unknown[]): string[] {
  return cards.flatMap((c, i) => cardProblems(c).map((p) => `card ${i} (${JSON.stringify(c).slice(0, 80)}…): ${p}`));
}
