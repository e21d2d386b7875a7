import { describe, expect, it } from 'vitest';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { advance, type EngineInput, type Transition } from '../../src/core/questionnaire/advance.js';
import { initialIntakeState, type IntakeState, type Locale } from '../../src/core/questionnaire/intake-state.js';
import type { QuestionnaireDefinition } from '../../src/core/questionnaire/definition.js';
import type { Outbound, Prompt } from '../../src/core/messages.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { renderSlack } from '../../src/channels/slack/render-slack.js';
import { renderCards } from '../../src/channels/teams/render-cards.js';
import { defaultCatalog, translator } from '../support/harness.js';

/**
 * "Did you mean": a close answer is asked about and stored only on a yes or a pick; a no asks the
 * question again; anything else is a fresh answer. Driven through the real engine with the real
 * questionnaire and locale files, and rendered by all three channels.
 */
const catalog = defaultCatalog();
const def = catalog.get(catalog.versions.at(-1) ?? '1') as QuestionnaireDefinition;
const ctx = buildEngineContext(def, translator);

/** A state standing at `questionId`, everything before it answered. */
function at(questionId: string, locale: Locale = 'ja'): IntakeState {
  let state = initialIntakeState(locale);
  const filler: Record<string, string> = {
    'company.name': 'テスト株式会社', 'company.prefecture': '静岡', 'company.industry': '1', 'company.capital_yen': '1000万', 'company.employees': '10', 'company.deemed_large': 'いいえ',
    'theme.title': 'テーマ', 'theme.description': '説明', 'theme.category': '1', 'theme.novelty': '1', 'theme.novelty_detail': 'スキップ', 'theme.market': '市場', 'strengths.summary': '強み', 'strengths.ip': '1',
  };
  for (let i = 0; i < 40; i++) {
    const p = prompt(advance(def, state, { kind: 'start' }, ctx));
    if (!p || p.questionId === questionId) return state;
    state = advance(def, state, { kind: 'text', text: filler[p.questionId] ?? 'スキップ' }, ctx).state;
  }
  throw new Error(`never reached ${questionId}`);
}

const prompt = (t: Transition): Prompt | undefined => {
  const o = [...t.outbound].reverse().find((x): x is Extract<Outbound, { kind: 'prompt' }> => x.kind === 'prompt');
  return o?.prompt;
};
const say = (state: IntakeState, text: string) => advance(def, state, { kind: 'text', text }, ctx);
const press = (state: IntakeState, p: Prompt | undefined, value: string) => advance(def, state, { kind: 'answer', promptId: p?.promptId ?? '', value } satisfies EngineInput, ctx);
const text = (t: Transition) => renderText(translator, { definition: def, locale: t.state.locale, outbound: t.outbound });

describe('did you mean', () => {
  it('asks about one close choice, stores nothing yet, and stores it on yes with a read-back', () => {
    const start = at('strengths.ip');
    const asked = say(start, '特許取得ずみ');
    expect(asked.state.answers['strengths.ip']).toBeUndefined();
    expect(prompt(asked)).toMatchObject({ purpose: 'suggest', type: 'yes_no', suggested: ['patent_granted'] });
    expect(text(asked)).toContain('「特許を取得済み」のことですか？');
    expect(text(asked)).toContain('1. はい');
    const yes = say(asked.state, 'はい');
    expect(yes.state.answers['strengths.ip']).toBe('patent_granted');
    expect(yes.state.suggestion).toBeNull();
    expect(yes.events).toContainEqual({ type: 'answered', questionId: 'strengths.ip', value: 'patent_granted', raw: '特許取得ずみ' });
    expect(text(yes)).toContain('知的財産: 特許を取得済み として記録しました（違う場合は「戻る」）');
    expect(prompt(yes)?.questionId).toBe('strengths.track_record');
  });

  it('asks the question again on no, with the answer still open', () => {
    const asked = say(at('strengths.ip'), '特許取得ずみ');
    expect(say(asked.state, '違います').state.answers['strengths.ip']).toBeUndefined();
    expect(prompt(say(asked.state, '違います'))).toMatchObject({ purpose: 'question', questionId: 'strengths.ip' });
    expect(say(asked.state, 'それです').state.answers['strengths.ip']).toBe('patent_granted');
    const no = say(asked.state, 'いいえ');
    expect(no.state.answers['strengths.ip']).toBeUndefined();
    expect(prompt(no)).toMatchObject({ purpose: 'question', questionId: 'strengths.ip' });
    expect(text(no)).toContain(translator.t('ja', 'notice.suggestion_declined'));
  });

  it('takes anything else as a fresh answer to the question', () => {
    const asked = say(at('strengths.ip'), '特許取得ずみ');
    const fresh = say(asked.state, '出願中');
    expect(fresh.state.answers['strengths.ip']).toBe('patent_pending');
    const unknown = say(asked.state, 'わからない');
    expect(unknown.state.answers['strengths.ip']).toEqual({ unknown: true });
    // A fresh answer that is itself close is asked about in turn.
    const again = say(asked.state, '出願仲');
    expect(again.state.answers['strengths.ip']).toBeUndefined();
    expect(prompt(again)).toMatchObject({ purpose: 'suggest', suggested: ['patent_pending'] });
  });

  it('offers several close choices as a numbered list and stores the one picked', () => {
    const asked = say(at('strengths.ip'), 'とっきょ');
    expect(prompt(asked)).toMatchObject({ purpose: 'suggest', type: 'choice', choices: ['patent_granted', 'patent_pending'] });
    expect(text(asked)).toContain('次のどれのことですか？');
    expect(say(asked.state, '2').state.answers['strengths.ip']).toBe('patent_pending');
    expect(press(asked.state, prompt(asked), 'patent_granted').state.answers['strengths.ip']).toBe('patent_granted');
    expect(say(asked.state, 'どれでもない').state.answers['strengths.ip']).toBeUndefined();
  });

  it('accepts the buttons: yes, no, and a button of the question itself', () => {
    const start = at('strengths.ip');
    const asked = say(start, '特許取得ずみ');
    expect(press(asked.state, prompt(asked), 'yes').state.answers['strengths.ip']).toBe('patent_granted');
    expect(press(asked.state, prompt(asked), 'no').state.answers['strengths.ip']).toBeUndefined();
    const original = prompt(advance(def, start, { kind: 'start' }, ctx));
    expect(press(asked.state, original, 'know_how').state.answers['strengths.ip']).toBe('know_how');
  });

  it('is dropped by a command, which goes where it says', () => {
    const asked = say(at('strengths.ip'), '特許取得ずみ');
    const back = say(asked.state, '戻る');
    expect(back.state.suggestion).toBeNull();
    expect(prompt(back)?.questionId).toBe('strengths.summary');
  });

  it('asks about a multiple-choice answer as a whole: exact pieces kept, the close one confirmed', () => {
    const asked = say(at('missing.functions'), '設計と生さん');
    expect(prompt(asked)).toMatchObject({ purpose: 'suggest', suggested: ['design', 'manufacturing'] });
    expect(text(asked)).toContain('「設計、製造・生産」のことですか？');
    expect(say(asked.state, 'はい').state.answers['missing.functions']).toEqual(['design', 'manufacturing']);
  });

  it('renders yes/no buttons in Slack and Teams, and a numbered list in the terminal', () => {
    const asked = say(at('strengths.ip', 'en'), 'granted patnt');
    const view = { definition: def, locale: 'en' as const, outbound: asked.outbound };
    expect(renderText(translator, view)).toContain('Did you mean "Granted patent"?');
    const slack = JSON.stringify(renderSlack(translator, view));
    expect(slack).toContain('Did you mean');
    expect(slack).toMatch(/"action_id":"answer_btn_0".*"value":"yes"/u);
    expect(slack).toMatch(/"value":"no"/u);
    const cards = renderCards(translator, view);
    const card = JSON.stringify(cards.at(-1)?.card);
    expect(card).toContain('Did you mean');
    expect(card).toContain('"choice":"yes"');
    expect(card).toContain(prompt(asked)?.promptId ?? '-');
  });

  it('puts the read-back on the same message as the next question in Slack and Teams', () => {
    const answered = say(at('company.capital_yen'), '2千万');
    const view = { definition: def, locale: 'ja' as const, outbound: answered.outbound };
    const slack = renderSlack(translator, view);
    expect(slack).toHaveLength(1);
    expect(JSON.stringify(slack[0]?.blocks)).toContain('資本金: 2,000万円 として記録しました');
    const cards = renderCards(translator, view);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]?.card)).toContain('資本金: 2,000万円 として記録しました');
  });
});
