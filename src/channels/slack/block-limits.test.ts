import { describe, expect, it } from 'vitest';
import { checkBlockKit, SLACK_LIMITS, splitText, truncate } from './block-limits.js';

const section = (text: string, blockId?: string) => ({ type: 'section', ...(blockId ? { block_id: blockId } : {}), text: { type: 'mrkdwn', text } });
const plain = (text: string) => ({ type: 'plain_text', text });
const option = (text: string, value: string) => ({ text: plain(text), value });
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: plain('ヒアリング'), submit: plain('送信'), close: plain('閉じる'), blocks: [], ...extra });

const isLoneSurrogate = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) return !(s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff);
  if (c >= 0xdc00 && c <= 0xdfff) return !(s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff);
  return false;
};
const hasLoneSurrogate = (s: string) => [...Array(s.length).keys()].some((i) => isLoneSurrogate(s, i));

describe('checkBlockKit', () => {
  it('accepts a realistic question message', () => {
    const payload = {
      text: '質問 1/12: 会社名を教えてください',
      blocks: [
        { type: 'header', text: plain('事前ヒアリング') },
        section('*会社名*を教えてください 🏢', 'q-company'),
        { type: 'context', elements: [{ type: 'mrkdwn', text: '1/12' }] },
        {
          type: 'actions',
          block_id: 'a-company',
          elements: [
            { type: 'button', action_id: 'skip', text: plain('スキップ'), value: 'skip' },
            { type: 'static_select', action_id: 'pick', placeholder: plain('選択'), options: [option('製造業', 'mfg'), option('小売業', 'retail')] },
          ],
        },
      ],
    };
    expect(checkBlockKit(payload, 'message')).toEqual([]);
  });

  it('counts blocks per surface: 50 in a message, 100 in a modal or Home tab', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(checkBlockKit({ text: 'x', blocks: blocks(50) }, 'message')).toEqual([]);
    expect(checkBlockKit({ text: 'x', blocks: blocks(51) }, 'message')).toEqual(['message: 51 blocks; the limit is 50']);
    expect(checkBlockKit(modal({ blocks: blocks(100) }), 'modal')).toEqual([]);
    expect(checkBlockKit(modal({ blocks: blocks(101) }), 'modal')).toEqual(['modal: 101 blocks; the limit is 100']);
    expect(checkBlockKit({ type: 'home', blocks: blocks(101) }, 'home')).toEqual(['home: 101 blocks; the limit is 100']);
  });

  it('limits the text fallback to 40000 and wants text or blocks', () => {
    expect(checkBlockKit({ text: 'あ'.repeat(40_000) }, 'message')).toEqual([]);
    expect(checkBlockKit({ text: 'あ'.repeat(40_001) }, 'message')).toEqual(['message: text fallback is 40001 characters; the limit is 40000']);
    expect(checkBlockKit({}, 'message')).toEqual(['message: needs a text fallback or at least one block']);
    expect(checkBlockKit({ text: '', blocks: [] }, 'message')).toHaveLength(1);
  });

  it('checks section text and fields, counting Japanese and emoji', () => {
    expect(checkBlockKit({ blocks: [section('日'.repeat(3000))] }, 'message')).toEqual([]);
    const [problem] = checkBlockKit({ blocks: [section('日'.repeat(3001), 'q1')] }, 'message');
    expect(problem).toBe('blocks[0] (section "q1"): text is 3001 characters; the limit is 3000');
    // An emoji outside the BMP is two UTF-16 units: 1500 of them fill the 3000.
    expect(checkBlockKit({ blocks: [section('😀'.repeat(1500))] }, 'message')).toEqual([]);
    expect(checkBlockKit({ blocks: [section('😀'.repeat(1500) + 'a')] }, 'message')).toHaveLength(1);

    const fields = (n: number, len = 10) => Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'x'.repeat(len) }));
    expect(checkBlockKit({ blocks: [{ type: 'section', fields: fields(10, 2000) }] }, 'message')).toEqual([]);
    expect(checkBlockKit({ blocks: [{ type: 'section', fields: fields(11) }] }, 'message')).toEqual(['blocks[0] (section): 11 fields; the limit is 10']);
    expect(checkBlockKit({ blocks: [{ type: 'section', fields: fields(2, 2001) }] }, 'message')).toEqual([
      'blocks[0] (section): fields[0] is 2001 characters; the limit is 2000',
      'blocks[0] (section): fields[1] is 2001 characters; the limit is 2000',
    ]);
  });

  it('rejects sections with empty text or with neither text nor fields', () => {
    expect(checkBlockKit({ blocks: [section('')] }, 'message')).toEqual(['blocks[0] (section): text must not be empty']);
    expect(checkBlockKit({ blocks: [{ type: 'section' }] }, 'message')).toEqual(['blocks[0] (section): needs text or fields']);
  });

  it('limits headers to 150 plain_text characters', () => {
    expect(checkBlockKit({ blocks: [{ type: 'header', text: plain('見'.repeat(150)) }] }, 'message')).toEqual([]);
    expect(checkBlockKit({ blocks: [{ type: 'header', text: plain('見'.repeat(151)) }] }, 'message')).toEqual([
      'blocks[0] (header): text is 151 characters; the limit is 150',
    ]);
    expect(checkBlockKit({ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: '*x*' } }] }, 'message')).toEqual([
      'blocks[0] (header): text must be plain_text',
    ]);
  });

  it('limits block_id and action_id to 255 and wants them unique', () => {
    const long = 'b'.repeat(256);
    const problems = checkBlockKit(
      {
        blocks: [
          section('a', long),
          section('b', 'same'),
          section('c', 'same'),
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'a'.repeat(256), text: plain('x') },
              { type: 'button', action_id: 'dup', text: plain('y') },
              { type: 'button', action_id: 'dup', text: plain('z') },
            ],
          },
        ],
      },
      'message',
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^blocks\[0\] \(section ".*…"\): block_id is 256 characters; the limit is 255$/);
    expect(problems[1]).toBe('blocks[2] (section "same"): block_id repeats blocks[1]; Slack requires unique block_ids');
    expect(problems[2]).toMatch(/element\[0\] \(button ".*…"\): action_id is 256 characters; the limit is 255$/);
    expect(problems[3]).toMatch(/element\[2\] \(button "dup"\): action_id repeats element\[1\] in the same block$/);
    expect(checkBlockKit({ blocks: [section('a', 'b'.repeat(255))] }, 'message')).toEqual([]);
  });

  it('checks buttons and the 25 elements of an actions block', () => {
    const button = (text: string, value = 'v') => ({ type: 'button', text: plain(text), value });
    const actions = (elements: unknown[]) => ({ blocks: [{ type: 'actions', elements }] });
    expect(checkBlockKit(actions([button('は'.repeat(75), 'v'.repeat(2000))]), 'message')).toEqual([]);
    expect(checkBlockKit(actions([button('は'.repeat(76))]), 'message')).toEqual([
      'blocks[0] (actions) element[0] (button): text is 76 characters; the limit is 75',
    ]);
    expect(checkBlockKit(actions([button('ok', 'v'.repeat(2001))]), 'message')).toEqual([
      'blocks[0] (actions) element[0] (button): value is 2001 characters; the limit is 2000',
    ]);
    const many = Array.from({ length: 26 }, (_, i) => ({ ...button(`b${i}`), action_id: `b${i}` }));
    expect(checkBlockKit(actions(many.slice(0, 25)), 'message')).toEqual([]);
    expect(checkBlockKit(actions(many), 'message')).toEqual(['blocks[0] (actions): 26 elements; the limit is 25']);
  });

  it('checks select options, option text and value', () => {
    const select = (options: unknown[]) => ({ blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options }] }] });
    const hundred = Array.from({ length: 100 }, (_, i) => option(`選択肢${i}`, `v${i}`));
    expect(checkBlockKit(select(hundred), 'message')).toEqual([]);
    expect(checkBlockKit(select([...hundred, option('x', 'x')]), 'message')).toEqual([
      'blocks[0] (actions) element[0] (static_select "s"): 101 options; the limit is 100',
    ]);
    expect(checkBlockKit(select([option('業'.repeat(76), 'v'.repeat(76))]), 'message')).toEqual([
      'blocks[0] (actions) element[0] (static_select "s"): options[0] text is 76 characters; the limit is 75',
      'blocks[0] (actions) element[0] (static_select "s"): options[0] value is 76 characters; the limit is 75',
    ]);
    const grouped = { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'q' }, accessory: { type: 'static_select', option_groups: [{ label: plain('g'), options: [option('o', 'v'.repeat(80))] }] } }] };
    expect(checkBlockKit(grouped, 'message')).toEqual([
      'blocks[0] (section) accessory element[0] (static_select) option_groups[0]: options[0] value is 80 characters; the limit is 75',
    ]);
    const radios = Array.from({ length: 11 }, (_, i) => option(`r${i}`, `r${i}`));
    expect(checkBlockKit(modal({ blocks: [{ type: 'input', label: plain('業種'), element: { type: 'radio_buttons', options: radios } }] }), 'modal')).toEqual([
      'blocks[0] (input) element[0] (radio_buttons): 11 options; the limit is 10',
    ]);
  });

  it('limits context blocks to 10 elements', () => {
    const context = (n: number) => ({ blocks: [{ type: 'context', elements: Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'c' })) }] });
    expect(checkBlockKit(context(10), 'message')).toEqual([]);
    expect(checkBlockKit(context(11), 'message')).toEqual(['blocks[0] (context): 11 elements; the limit is 10']);
  });

  it('checks modal title, submit, close, private_metadata and input labels', () => {
    expect(checkBlockKit(modal(), 'modal')).toEqual([]);
    const problems = checkBlockKit(
      modal({
        title: plain('相'.repeat(25)),
        submit: plain('s'.repeat(25)),
        close: plain('c'.repeat(25)),
        private_metadata: JSON.stringify({ x: 'm'.repeat(3000) }),
        blocks: [{ type: 'input', label: plain('ラ'.repeat(2001)), element: { type: 'plain_text_input', action_id: 'a', max_length: 3001 } }],
      }),
      'modal',
    );
    expect(problems).toEqual([
      'modal: title is 25 characters; the limit is 24',
      'modal: submit is 25 characters; the limit is 24',
      'modal: close is 25 characters; the limit is 24',
      'modal: private_metadata is 3008 characters; the limit is 3000',
      'blocks[0] (input): label is 2001 characters; the limit is 2000',
      'blocks[0] (input) element[0] (plain_text_input "a"): max_length is 3001; the limit is 3000',
    ]);
    expect(checkBlockKit(modal({ title: plain('相'.repeat(24)), private_metadata: 'p'.repeat(3000) }), 'modal')).toEqual([]);
  });

  it('requires a modal title, and a submit button when there are inputs', () => {
    const input = { type: 'input', label: plain('会社名'), element: { type: 'plain_text_input', action_id: 'company' } };
    expect(checkBlockKit({ type: 'modal', blocks: [] }, 'modal')).toEqual(['modal: title is required']);
    expect(checkBlockKit({ type: 'modal', title: plain('t'), blocks: [input] }, 'modal')).toEqual(['modal: a modal with input blocks needs a submit button']);
    expect(checkBlockKit({ type: 'modal', title: plain('t'), submit: plain('送信'), blocks: [input] }, 'modal')).toEqual([]);
  });

  it('flags input blocks outside a modal unless they dispatch actions', () => {
    const input = { type: 'input', label: plain('回答'), element: { type: 'plain_text_input', action_id: 'a' } };
    expect(checkBlockKit({ text: 'x', blocks: [input] }, 'message')).toEqual(['blocks[0] (input): input blocks outside a modal need dispatch_action: true']);
    expect(checkBlockKit({ text: 'x', blocks: [{ ...input, dispatch_action: true }] }, 'message')).toEqual([]);
  });

  it('reports malformed structures instead of throwing', () => {
    expect(checkBlockKit({ text: 'x', blocks: 'nope' }, 'message')).toEqual(['message: blocks must be an array']);
    expect(checkBlockKit({ text: 'x', blocks: [null, 3] }, 'message')).toEqual(['blocks[0]: not an object', 'blocks[1]: not an object']);
  });

  it('exposes the limits it checks', () => {
    expect(SLACK_LIMITS).toMatchObject({ messageBlocks: 50, viewBlocks: 100, sectionText: 3000, headerText: 150, optionValue: 75, privateMetadata: 3000 });
  });
});

describe('truncate', () => {
  it('returns short text unchanged', () => {
    expect(truncate('会社名', 3)).toBe('会社名');
    expect(truncate('', 5)).toBe('');
  });

  it('cuts to exactly max units including the ellipsis', () => {
    const out = truncate('株式会社テスト工業', 5);
    expect(out).toBe('株式会社…');
    expect(out.length).toBe(5);
    expect(truncate('abcdef', 1)).toBe('…');
  });

  it('never splits a surrogate pair', () => {
    // 'a😀' is 3 units; max 3 leaves room 2 before the ellipsis: the emoji does not fit whole.
    expect(truncate('a😀b', 3)).toBe('a…');
    for (let max = 1; max <= 12; max++) {
      const out = truncate('😀😁😂🤣😃😄😅', max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(hasLoneSurrogate(out)).toBe(false);
    }
  });

  it('keeps ZWJ emoji, flags and combining marks whole', () => {
    const family = '👨‍👩‍👧'; // 8 units
    expect(truncate(`ab${family}cd`, 9)).toBe('ab…');
    expect(truncate('🇯🇵🇯🇵🇯🇵', 5)).toBe('🇯🇵…');
    // Half a flag would show as a stray letter; an ellipsis alone is the honest result.
    expect(truncate('🇯🇵🇯🇵', 4)).toBe('…');
    expect(truncate('か\u3099か\u3099か\u3099', 4)).toBe('か\u3099…');
  });

  it('drops whitespace before the ellipsis', () => {
    expect(truncate('ab  cdef', 5)).toBe('ab…');
  });

  it('refuses a meaningless max', () => {
    expect(() => truncate('x', 0)).toThrow(RangeError);
    expect(() => truncate('x', 1.5)).toThrow(RangeError);
  });

  it('produces button labels Slack accepts', () => {
    const label = truncate('とても長い選択肢の説明文'.repeat(10), SLACK_LIMITS.buttonText);
    expect(label.length).toBe(75);
    expect(checkBlockKit({ blocks: [{ type: 'actions', elements: [{ type: 'button', text: plain(label) }] }] }, 'message')).toEqual([]);
  });
});

describe('splitText', () => {
  const expectValid = (parts: string[], max: number) => {
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(max);
      expect(part.length).toBeGreaterThan(0);
      expect(hasLoneSurrogate(part)).toBe(false);
    }
  };
  const squash = (s: string) => s.replace(/\s+/g, '');

  it('returns one part when the text fits and none when it is empty', () => {
    expect(splitText('短い', 10)).toEqual(['短い']);
    expect(splitText('', 10)).toEqual([]);
    expect(splitText('\n\n', 10)).toEqual([]);
  });

  it('splits at line breaks where possible', () => {
    const text = '一行目です\n二行目です\n三行目です';
    expect(splitText(text, 12)).toEqual(['一行目です\n二行目です', '三行目です']);
    expect(splitText(text, 6)).toEqual(['一行目です', '二行目です', '三行目です']);
  });

  it('drops blank lines at a cut but keeps them inside a part', () => {
    expect(splitText('aaa\n\nbbb\n\n\nccc', 8)).toEqual(['aaa\n\nbbb', 'ccc']);
  });

  it('falls back to sentence ends in Japanese text without line breaks', () => {
    const text = '当社は製造業です。新規事業を検討しています。補助金の活用も考えています。';
    const parts = splitText(text, 25);
    expect(parts).toEqual(['当社は製造業です。新規事業を検討しています。', '補助金の活用も考えています。']);
  });

  it('falls back to spaces in English text', () => {
    expect(splitText('alpha beta gamma delta', 11)).toEqual(['alpha beta', 'gamma delta']);
  });

  it('cuts hard when there is no break, never inside a surrogate pair', () => {
    const text = '😀'.repeat(10);
    for (const max of [2, 3, 5, 7]) {
      const parts = splitText(text, max);
      expectValid(parts, max);
      expect(parts.join('')).toBe(text);
    }
    expect(splitText('あ'.repeat(7), 3)).toEqual(['あああ', 'あああ', 'あ']);
  });

  it('keeps ZWJ sequences whole when they fit', () => {
    const family = '👨‍👩‍👧';
    const parts = splitText(family.repeat(3), 10);
    expect(parts).toEqual([family, family, family]);
    // When one sequence alone exceeds max, code points stay whole so splitting still advances.
    const forced = splitText(family, 4);
    expectValid(forced, 4);
    expect(forced.join('')).toBe(family);
  });

  it('keeps every non-space character, in order, for long mixed text', () => {
    const paragraph = '弊社は精密部品の加工を行っています🔧。海外展開を目指し、連携先を探しています！\nWe also export to Asia. ';
    const text = paragraph.repeat(200);
    const parts = splitText(text, SLACK_LIMITS.sectionText);
    expectValid(parts, SLACK_LIMITS.sectionText);
    expect(squash(parts.join(''))).toBe(squash(text));
    expect(parts.length).toBeGreaterThan(text.length / SLACK_LIMITS.sectionText);
    // Line breaks are preferred, so every part but the last ends at a line end.
    for (const part of parts.slice(0, -1)) expect(part.endsWith('！')).toBe(true);
    const blocks = parts.map((t) => section(t));
    expect(checkBlockKit({ text: 'plan', blocks }, 'message')).toEqual([]);
  });

  it('refuses a max that cannot hold a surrogate pair', () => {
    expect(() => splitText('x', 1)).toThrow(RangeError);
  });
});
