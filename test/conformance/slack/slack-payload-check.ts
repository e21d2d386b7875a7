import type {
  ActionsBlock,
  Button,
  Checkboxes,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  HomeView,
  InputBlock,
  ModalView,
  MrkdwnElement,
  PlainTextElement,
  PlainTextInput,
  PlainTextOption,
  SectionBlock,
  StaticSelect,
} from '@slack/types';
import { checkBlockKit, type SurfaceKind } from '../../../src/channels/slack/block-limits.js';

/**
 * Slack's conformance check for what this app sends: every object must be a Block Kit shape
 * `@slack/types` knows, with only the fields those types declare (the lists below are checked
 * against the types by the compiler, so a field Slack's types drop or rename breaks the build),
 * within Slack's documented limits (block-limits.ts), and its text must follow Slack's escaping
 * rules: mrkdwn and the `text` fallback carry `&`, `<` and `>` only as the three entities, once,
 * and so no control sequence (`<!channel>`, `<@U…>`, `<#C…>`, `<url|label>`) at all — this app
 * never sends one on purpose.
 */

const keys =
  <T>() =>
  <K extends keyof T & string>(...names: K[]): ReadonlySet<string> =>
    new Set<string>(names);

const BLOCK_FIELDS: Record<string, ReadonlySet<string>> = {
  section: keys<SectionBlock>()('type', 'block_id', 'text', 'fields', 'accessory', 'expand'),
  actions: keys<ActionsBlock>()('type', 'block_id', 'elements'),
  context: keys<ContextBlock>()('type', 'block_id', 'elements'),
  header: keys<HeaderBlock>()('type', 'block_id', 'text'),
  divider: keys<DividerBlock>()('type', 'block_id'),
  input: keys<InputBlock>()('type', 'block_id', 'label', 'hint', 'optional', 'element', 'dispatch_action'),
};
const ELEMENT_FIELDS: Record<string, ReadonlySet<string>> = {
  button: keys<Button>()('type', 'action_id', 'text', 'value', 'url', 'style', 'confirm', 'accessibility_label'),
  checkboxes: keys<Checkboxes>()('type', 'action_id', 'options', 'initial_options', 'confirm', 'focus_on_load'),
  static_select: keys<StaticSelect>()('type', 'action_id', 'placeholder', 'options', 'option_groups', 'initial_option', 'confirm', 'focus_on_load'),
  plain_text_input: keys<PlainTextInput>()('type', 'action_id', 'placeholder', 'initial_value', 'multiline', 'min_length', 'max_length', 'dispatch_action_config', 'focus_on_load'),
};
const TEXT_FIELDS: Record<string, ReadonlySet<string>> = {
  plain_text: keys<PlainTextElement>()('type', 'text', 'emoji'),
  mrkdwn: keys<MrkdwnElement>()('type', 'text', 'verbatim'),
};
const OPTION_FIELDS = keys<PlainTextOption>()('text', 'value', 'description', 'url');
const VIEW_FIELDS: Record<'home' | 'modal', ReadonlySet<string>> = {
  home: keys<HomeView>()('type', 'blocks', 'private_metadata', 'callback_id', 'external_id'),
  modal: keys<ModalView>()('type', 'title', 'blocks', 'close', 'submit', 'private_metadata', 'callback_id', 'clear_on_close', 'notify_on_close', 'external_id'),
};
/** Which text object each place may hold. */
const TEXT_PLACES: Record<string, readonly string[]> = { header: ['plain_text'], button: ['plain_text'], option: ['plain_text'], label: ['plain_text'], placeholder: ['plain_text'], title: ['plain_text'] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `&`, `<`, `>` only as entities, and no entity escaped a second time. */
export function escapingProblems(where: string, raw: string): string[] {
  const problems: string[] = [];
  // A line-leading `> ` (or `>>> `) is mrkdwn's block quote, the one `>` that is ours to send.
  const text = raw.replace(/^(>>>|>)(?= |$)/gm, '');
  if (/&amp;(amp|lt|gt);/.test(text)) problems.push(`${where}: escaped twice (${JSON.stringify(text.match(/.{0,20}&amp;(amp|lt|gt);.{0,20}/)?.[0])})`);
  if (/[<>]/.test(text)) problems.push(`${where}: raw < or > (a control sequence such as <!channel> or <@U…>, or text not escaped): ${JSON.stringify(text.match(/.{0,20}[<>].{0,20}/)?.[0])}`);
  if (/&(?!amp;|lt;|gt;)/.test(text)) problems.push(`${where}: a bare & (not escaped): ${JSON.stringify(text.match(/.{0,20}&(?!amp;|lt;|gt;).{0,20}/)?.[0])}`);
  return problems;
}

function unknownFields(where: string, value: Obj, allowed: ReadonlySet<string> | undefined, kind: string): string[] {
  if (!allowed) return [`${where}: ${JSON.stringify(kind)} is not a Block Kit type this app is checked for`];
  return Object.keys(value)
    .filter((k) => !allowed.has(k))
    .map((k) => `${where}: ${kind} has no field ${JSON.stringify(k)} in @slack/types`);
}

function textObject(where: string, value: unknown, place?: string): string[] {
  if (value === undefined) return [];
  if (!isObj(value) || typeof value.type !== 'string' || typeof value.text !== 'string') return [`${where}: not a text object`];
  const problems = unknownFields(where, value, TEXT_FIELDS[value.type], value.type);
  const allowed = place ? TEXT_PLACES[place] : undefined;
  if (allowed && !allowed.includes(value.type)) problems.push(`${where}: must be ${allowed.join(' or ')}, is ${value.type}`);
  if (value.type === 'mrkdwn') problems.push(...escapingProblems(where, value.text));
  else if (/&amp;(amp|lt|gt);/.test(value.text)) problems.push(`${where}: escaped twice`);
  return problems;
}

function element(where: string, value: unknown): string[] {
  if (!isObj(value) || typeof value.type !== 'string') return [`${where}: not an element`];
  if (TEXT_FIELDS[value.type]) return textObject(where, value);
  const problems = unknownFields(where, value, ELEMENT_FIELDS[value.type], value.type);
  problems.push(...textObject(`${where}.text`, value.text, 'button'), ...textObject(`${where}.placeholder`, value.placeholder, 'placeholder'));
  if (Array.isArray(value.options))
    value.options.forEach((o, i) => {
      if (!isObj(o)) return problems.push(`${where}.options[${i}]: not an option`);
      problems.push(...unknownFields(`${where}.options[${i}]`, o, OPTION_FIELDS, 'option'), ...textObject(`${where}.options[${i}].text`, o.text, 'option'));
      if (typeof o.value !== 'string') problems.push(`${where}.options[${i}]: value must be a string`);
    });
  return problems;
}

function block(where: string, value: unknown): string[] {
  if (!isObj(value) || typeof value.type !== 'string') return [`${where}: not a block`];
  const problems = unknownFields(where, value, BLOCK_FIELDS[value.type], value.type);
  problems.push(...textObject(`${where}.text`, value.text, value.type === 'header' ? 'header' : undefined));
  if (Array.isArray(value.fields)) value.fields.forEach((f, i) => problems.push(...textObject(`${where}.fields[${i}]`, f)));
  if (value.accessory !== undefined) problems.push(...element(`${where}.accessory`, value.accessory));
  if (Array.isArray(value.elements)) value.elements.forEach((e, i) => problems.push(...element(`${where}.elements[${i}]`, e)));
  if (value.element !== undefined) problems.push(...element(`${where}.element`, value.element));
  problems.push(...textObject(`${where}.label`, value.label, 'label'), ...textObject(`${where}.hint`, value.hint, 'label'));
  return problems;
}

/** Every problem with one payload as the app sent it: a message (chat.* or a response_url) or a view. */
export function slackPayloadProblems(payload: Obj, kind: SurfaceKind): string[] {
  const problems = checkBlockKit(payload, kind);
  if (kind !== 'message') {
    problems.push(...unknownFields('view', payload, VIEW_FIELDS[kind], `${kind} view`));
    problems.push(...textObject('view.title', payload.title, 'title'), ...textObject('view.submit', payload.submit, 'title'), ...textObject('view.close', payload.close, 'title'));
  } else if (typeof payload.text === 'string') problems.push(...escapingProblems('text', payload.text));
  if (Array.isArray(payload.blocks)) payload.blocks.forEach((b, i) => problems.push(...block(`blocks[${i}]`, b)));
  return problems;
}

/** Web API methods (and the response_url) whose arguments are a Slack surface, and how to read them. */
const SURFACES: Record<string, (args: Obj) => { payload: Obj; kind: SurfaceKind } | null> = {
  'chat.postMessage': (args) => ({ payload: args, kind: 'message' }),
  'chat.update': (args) => ({ payload: args, kind: 'message' }),
  'chat.postEphemeral': (args) => ({ payload: args, kind: 'message' }),
  response_url: (args) => ({ payload: { text: args.text, blocks: args.blocks }, kind: 'message' }),
  'views.publish': (args) => (isObj(args.view) ? { payload: args.view, kind: 'home' } : null),
  'views.open': (args) => (isObj(args.view) ? { payload: args.view, kind: 'modal' } : null),
  'views.update': (args) => (isObj(args.view) ? { payload: args.view, kind: args.view.type === 'home' ? 'home' : 'modal' } : null),
  'views.push': (args) => (isObj(args.view) ? { payload: args.view, kind: 'modal' } : null),
};

/** One line per problem across recorded Web API calls; `[]` when every surface the app sent conforms. */
export function recordedCallProblems(calls: readonly { method: string; args: Obj }[]): string[] {
  return calls.flatMap((c, i) => {
    const read = SURFACES[c.method];
    const surface = read ? read(c.args) : null;
    if (read && !surface) return [`call ${i} ${c.method}: no view`];
    return surface ? slackPayloadProblems(surface.payload, surface.kind).map((p) => `call ${i} ${c.method}: ${p}`) : [];
  });
}

/** How many recorded calls carried a surface the check read. */
export const checkedSurfaces = (calls: readonly { method: string }[]): number => calls.filter((c) => c.method in SURFACES).length;
