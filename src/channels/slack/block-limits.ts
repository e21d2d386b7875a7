/**
 * Block Kit limits Slack enforces server-side (docs/platforms.md). Slack rejects a whole
 * message or view for one oversize field (`invalid_blocks`, `invalid_arguments`), and the
 * person then sees nothing; checking before sending turns that into a readable test failure.
 *
 * Lengths are counted in UTF-16 code units (`string.length`). Slack documents "characters"
 * without saying which; UTF-16 units are never fewer than code points, so text that passes
 * here passes Slack under either reading, and `truncate`/`splitText` use the same measure.
 */

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  blockId: 255,
  actionId: 255,
  callbackId: 255,
  buttonText: 75,
  buttonValue: 2_000,
  url: 3_000,
  actionsElements: 25,
  contextElements: 10,
  staticSelectOptions: 100,
  radioOrCheckboxOptions: 10,
  overflowOptions: 5,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  placeholder: 150,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3_000,
  inputLabel: 2_000,
  inputHint: 2_000,
  plainTextInputMaxLength: 3_000,
  imageAltText: 2_000,
} as const;

export type SurfaceKind = 'message' | 'modal' | 'home';

/**
 * What a message (`{ text, blocks }`) or a view (`{ type, title, blocks, … }`) may carry.
 * Fields are `unknown` so Bolt's own types and hand-built objects both fit.
 */
export interface BlockKitPayload {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly blocks?: unknown;
  readonly title?: unknown;
  readonly submit?: unknown;
  readonly close?: unknown;
  readonly private_metadata?: unknown;
  readonly callback_id?: unknown;
  readonly external_id?: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | undefined => (isObj(v) && typeof v.text === 'string' ? v.text : undefined);
const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Returns one human-readable line per violation; an empty list means Slack should accept the payload. */
export function checkBlockKit(payload: BlockKitPayload, kind: SurfaceKind): string[] {
  const problems: string[] = [];
  const tooLong = (where: string, what: string, value: unknown, max: number) => {
    if (typeof value === 'string' && value.length > max) problems.push(`${where}: ${what} is ${value.length} characters; the limit is ${max}`);
  };
  const tooMany = (where: string, what: string, list: unknown, max: number) => {
    if (Array.isArray(list) && list.length > max) problems.push(`${where}: ${list.length} ${what}; the limit is ${max}`);
  };

  if (kind === 'message') {
    tooLong('message', 'text fallback', payload.text, SLACK_LIMITS.messageText);
    const hasText = typeof payload.text === 'string' && payload.text.length > 0;
    const hasBlocks = Array.isArray(payload.blocks) && payload.blocks.length > 0;
    if (!hasText && !hasBlocks) problems.push('message: needs a text fallback or at least one block');
  } else {
    checkView(payload, kind, problems, tooLong);
  }

  if (payload.blocks !== undefined && !Array.isArray(payload.blocks)) {
    problems.push(`${kind}: blocks must be an array`);
    return problems;
  }
  const blocks = (payload.blocks ?? []) as unknown[];
  tooMany(kind, 'blocks', blocks, kind === 'message' ? SLACK_LIMITS.messageBlocks : SLACK_LIMITS.viewBlocks);

  const blockIds = new Map<string, number>();
  blocks.forEach((block, index) => {
    if (!isObj(block)) {
      problems.push(`blocks[${index}]: not an object`);
      return;
    }
    const type = typeof block.type === 'string' ? block.type : '?';
    const where = `blocks[${index}] (${type}${typeof block.block_id === 'string' ? ` ${quote(block.block_id)}` : ''})`;
    if (typeof block.block_id === 'string') {
      tooLong(where, 'block_id', block.block_id, SLACK_LIMITS.blockId);
      const first = blockIds.get(block.block_id);
      if (first !== undefined) problems.push(`${where}: block_id repeats blocks[${first}]; Slack requires unique block_ids`);
      else blockIds.set(block.block_id, index);
    }
    checkBlock(block, type, where, kind, problems, tooLong, tooMany);
  });
  return problems;
}

type TooLong = (where: string, what: string, value: unknown, max: number) => void;
type TooMany = (where: string, what: string, list: unknown, max: number) => void;

function checkView(payload: BlockKitPayload, kind: 'modal' | 'home', problems: string[], tooLong: TooLong): void {
  if (kind === 'modal') {
    const title = textOf(payload.title);
    if (title === undefined) problems.push('modal: title is required');
    tooLong('modal', 'title', title, SLACK_LIMITS.viewTitle);
    tooLong('modal', 'submit', textOf(payload.submit), SLACK_LIMITS.viewSubmit);
    tooLong('modal', 'close', textOf(payload.close), SLACK_LIMITS.viewClose);
    // Slack refuses a modal whose inputs could never be submitted.
    const hasInput = Array.isArray(payload.blocks) && payload.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && textOf(payload.submit) === undefined) problems.push('modal: a modal with input blocks needs a submit button');
  }
  tooLong(kind, 'private_metadata', payload.private_metadata, SLACK_LIMITS.privateMetadata);
  tooLong(kind, 'callback_id', payload.callback_id, SLACK_LIMITS.callbackId);
  tooLong(kind, 'external_id', payload.external_id, SLACK_LIMITS.callbackId);
}

function checkBlock(block: Obj, type: string, where: string, kind: SurfaceKind, problems: string[], tooLong: TooLong, tooMany: TooMany): void {
  switch (type) {
    case 'section': {
      const text = textOf(block.text);
      tooLong(where, 'text', text, SLACK_LIMITS.sectionText);
      if (text === '') problems.push(`${where}: text must not be empty`);
      if (text === undefined && !Array.isArray(block.fields)) problems.push(`${where}: needs text or fields`);
      tooMany(where, 'fields', block.fields, SLACK_LIMITS.sectionFields);
      if (Array.isArray(block.fields)) {
        block.fields.forEach((field, i) => tooLong(where, `fields[${i}]`, textOf(field), SLACK_LIMITS.fieldText));
      }
      if (isObj(block.accessory)) checkElements([block.accessory], `${where} accessory`, problems, tooLong, tooMany);
      break;
    }
    case 'header': {
      const text = textOf(block.text);
      tooLong(where, 'text', text, SLACK_LIMITS.headerText);
      if (isObj(block.text) && block.text.type !== 'plain_text') problems.push(`${where}: text must be plain_text`);
      break;
    }
    case 'actions':
      tooMany(where, 'elements', block.elements, SLACK_LIMITS.actionsElements);
      if (Array.isArray(block.elements)) checkElements(block.elements, where, problems, tooLong, tooMany);
      break;
    case 'context':
      tooMany(where, 'elements', block.elements, SLACK_LIMITS.contextElements);
      break;
    case 'input': {
      const label = textOf(block.label);
      if (label === undefined) problems.push(`${where}: label is required`);
      tooLong(where, 'label', label, SLACK_LIMITS.inputLabel);
      tooLong(where, 'hint', textOf(block.hint), SLACK_LIMITS.inputHint);
      if (isObj(block.element)) checkElements([block.element], where, problems, tooLong, tooMany);
      // Input blocks belong to modals; in messages and the Home tab they only work with dispatch_action.
      if (kind !== 'modal' && block.dispatch_action !== true) problems.push(`${where}: input blocks outside a modal need dispatch_action: true`);
      break;
    }
    case 'image':
      tooLong(where, 'alt_text', block.alt_text, SLACK_LIMITS.imageAltText);
      tooLong(where, 'image_url', block.image_url, SLACK_LIMITS.url);
      break;
    default:
      break;
  }
}

const optionListLimit: Record<string, number> = {
  static_select: SLACK_LIMITS.staticSelectOptions,
  multi_static_select: SLACK_LIMITS.staticSelectOptions,
  radio_buttons: SLACK_LIMITS.radioOrCheckboxOptions,
  checkboxes: SLACK_LIMITS.radioOrCheckboxOptions,
  overflow: SLACK_LIMITS.overflowOptions,
};

function checkElements(elements: unknown[], where: string, problems: string[], tooLong: TooLong, tooMany: TooMany): void {
  const actionIds = new Map<string, number>();
  elements.forEach((element, index) => {
    if (!isObj(element)) return;
    const type = typeof element.type === 'string' ? element.type : '?';
    const at = `${where} element[${index}] (${type}${typeof element.action_id === 'string' ? ` ${quote(element.action_id)}` : ''})`;
    if (typeof element.action_id === 'string') {
      tooLong(at, 'action_id', element.action_id, SLACK_LIMITS.actionId);
      const first = actionIds.get(element.action_id);
      if (first !== undefined) problems.push(`${at}: action_id repeats element[${first}] in the same block`);
      else actionIds.set(element.action_id, index);
    }
    tooLong(at, 'placeholder', textOf(element.placeholder), SLACK_LIMITS.placeholder);
    if (type === 'button') {
      tooLong(at, 'text', textOf(element.text), SLACK_LIMITS.buttonText);
      tooLong(at, 'value', element.value, SLACK_LIMITS.buttonValue);
      tooLong(at, 'url', element.url, SLACK_LIMITS.url);
    }
    if (type === 'plain_text_input' && typeof element.max_length === 'number' && element.max_length > SLACK_LIMITS.plainTextInputMaxLength) {
      problems.push(`${at}: max_length is ${element.max_length}; the limit is ${SLACK_LIMITS.plainTextInputMaxLength}`);
    }
    const limit = optionListLimit[type];
    if (limit !== undefined) {
      tooMany(at, 'options', element.options, limit);
      checkOptions(element.options, at, tooLong);
      checkOptions(element.initial_options, `${at} initial_options`, tooLong);
      if (isObj(element.initial_option)) checkOptions([element.initial_option], `${at} initial_option`, tooLong);
      if (Array.isArray(element.option_groups)) {
        tooMany(at, 'option_groups', element.option_groups, SLACK_LIMITS.staticSelectOptions);
        element.option_groups.forEach((group, g) => {
          if (!isObj(group)) return;
          tooMany(`${at} option_groups[${g}]`, 'options', group.options, SLACK_LIMITS.staticSelectOptions);
          checkOptions(group.options, `${at} option_groups[${g}]`, tooLong);
        });
      }
    }
  });
}

function checkOptions(options: unknown, where: string, tooLong: TooLong): void {
  if (!Array.isArray(options)) return;
  options.forEach((option, i) => {
    if (!isObj(option)) return;
    tooLong(where, `options[${i}] text`, textOf(option.text), SLACK_LIMITS.optionText);
    tooLong(where, `options[${i}] value`, option.value, SLACK_LIMITS.optionValue);
    tooLong(where, `options[${i}] description`, textOf(option.description), SLACK_LIMITS.optionDescription);
  });
}

// ---------------------------------------------------------------------------------------------
// Text helpers for the renderer

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Offsets (UTF-16) where `text` may be cut: grapheme boundaries, so that neither a surrogate
 * pair nor a ZWJ emoji, flag or combining mark (が written as か + ゙) is torn apart.
 */
function boundaries(text: string): number[] {
  const cuts: number[] = [];
  for (const { index } of graphemes.segment(text)) cuts.push(index);
  cuts.push(text.length);
  return cuts;
}

/**
 * The largest grapheme boundary ≤ `limit`. When not even the first grapheme fits and `mustAdvance`
 * is set (splitting has to make progress), falls back to whole code points.
 */
function cutAtOrBefore(text: string, limit: number, mustAdvance: boolean): number {
  let best = 0;
  // Grapheme boundaries depend only on what precedes them, so a prefix a little past the limit suffices.
  for (const cut of boundaries(text.slice(0, limit + 32))) {
    if (cut > limit) break;
    best = cut;
  }
  if (best > 0 || !mustAdvance) return best;
  // A single grapheme longer than the room (long ZWJ sequences): keep code points whole at least.
  let end = 0;
  for (const ch of text) {
    if (end + ch.length > limit) break;
    end += ch.length;
  }
  return end;
}

const ELLIPSIS = '…';

/** Shortens `text` to at most `max` UTF-16 units, marking the cut with '…'. */
export function truncate(text: string, max: number): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`truncate: max must be a positive integer, got ${max}`);
  if (text.length <= max) return text;
  const kept = text.slice(0, cutAtOrBefore(text, max - ELLIPSIS.length, false)).trimEnd();
  return kept + ELLIPSIS;
}

/** Where a part may end, best first: a line break, the end of a sentence, a space or a comma. */
const preferredBreaks: RegExp[] = [/\n/g, /[。．！？!?](?=[^。．！？!?]|$)|\.(?=\s)/g, /[ \t\u3000、，,]/g];

/**
 * Splits `text` into parts of at most `max` UTF-16 units, preferring line breaks, then sentence
 * ends, then spaces; never inside a grapheme. Line breaks and spaces at a cut are dropped, since
 * each part is rendered as its own block. Returns [] for empty text.
 */
export function splitText(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`splitText: max must be an integer ≥ 2 (room for a surrogate pair), got ${max}`);
  const parts: string[] = [];
  let rest = text.replace(/^[\r\n]+/, '');
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let end = -1;
    let resume = -1;
    for (const pattern of preferredBreaks) {
      let last: RegExpExecArray | undefined;
      for (const m of window.matchAll(pattern)) last = m;
      if (!last || last.index === undefined) continue;
      const isSeparator = pattern !== preferredBreaks[1];
      // A separator is dropped at the cut; sentence punctuation stays with its sentence.
      const cut = isSeparator ? last.index : last.index + last[0].length;
      if (cut > 0 && cut <= max) {
        end = cut;
        resume = isSeparator ? last.index + last[0].length : cut;
        break;
      }
    }
    if (end < 0) {
      end = cutAtOrBefore(rest, max, true);
      resume = end;
    }
    const part = rest.slice(0, end).replace(/[\r\n]+$/, '');
    if (part.length > 0) parts.push(part);
    rest = rest.slice(resume).replace(/^[\r\n]+/, '');
  }
  const last = rest.replace(/[\r\n]+$/, '');
  if (last.length > 0) parts.push(last);
  return parts;
}
