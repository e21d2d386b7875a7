import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { loadQuestionnaires } from '../../src/config/load-questionnaires.js';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { advance, type EngineInput } from '../../src/core/questionnaire/advance.js';
import { currentPrompt } from '../../src/core/questionnaire/engine-flow.js';
import { initialIntakeState, type IntakeState, type Locale } from '../../src/core/questionnaire/intake-state.js';
import type { Outbound, Prompt } from '../../src/core/messages.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { renderSlack } from '../../src/channels/slack/render-slack.js';
import { renderCards } from '../../src/channels/teams/render-cards.js';
import { renderLine } from '../../src/channels/line/render-line.js';
import { translator } from '../support/harness.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';

const def = loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), translator).latest;
const ctx = buildEngineContext(def, translator);

function inputFor(p: Prompt): EngineInput {
  const value = batteryByPrompt[p.promptId] ?? (p.promptId.endsWith('#more') ? 'no' : p.allowUnknown ? 'unknown' : p.type === 'yes_no' ? 'yes' : undefined);
  if (value === undefined) throw new Error(`no answer for ${p.promptId}`);
  const ids = p.type === 'yes_no' ? ['yes', 'no', 'unknown'] : [...(p.choices ?? []), 'unknown'];
  return [value].flat().every((v) => ids.includes(v)) ? { kind: 'answer', promptId: p.promptId, value } : { kind: 'text', text: [value].flat().join('、') };
}

/** Every channel's rendering of one turn, flattened to text. */
function rendered(locale: Locale, outbound: Outbound[]): Record<string, string> {
  const view = { definition: def, locale, outbound };
  return {
    terminal: renderText(translator, view),
    line: JSON.stringify(renderLine(translator, view)),
    slack: JSON.stringify(renderSlack(translator, view)),
    teams: JSON.stringify(renderCards(translator, view).map((m) => m.card)),
  };
}

const shown: Record<Locale, RegExp> = { ja: /約(\d+)問中 (\d+)問回答済み（(\d+)%）/, en: /(\d+) of about (\d+) questions answered \((\d+)%\)/ };

describe('progress a person can feel, in every channel', () => {
  for (const locale of ['ja', 'en'] as const) {
    it(`moves with every question over a whole consultation (${locale}): terminal, LINE, Slack and Teams`, () => {
      let state: IntakeState = initialIntakeState(locale);
      let t = advance(def, state, { kind: 'start' }, ctx);
      const seen: { promptId: string; answered: number; percent: number }[] = [];
      for (let i = 0; i < 120 && !t.state.completed; i++) {
        state = t.state;
        const p = currentPrompt(def, state);
        if (!p) break;
        for (const [channel, text] of Object.entries(rendered(locale, t.outbound))) {
          const m = shown[locale].exec(text);
          expect(m, `${channel} shows progress at ${p.promptId}`).not.toBeNull();
          const [answered, total, percent] = locale === 'ja' ? [m?.[2], m?.[1], m?.[3]] : [m?.[1], m?.[2], m?.[3]];
          expect([Number(answered), Number(total), Number(percent)], channel).toEqual([p.progress.answered, p.progress.total, p.progress.percent]);
        }
        seen.push({ promptId: p.promptId, answered: p.progress.answered, percent: p.progress.percent });
        t = advance(def, state, inputFor(p), ctx);
      }
      expect(t.state.completed).toBe(true);
      for (let i = 1; i < seen.length; i++) {
        const [a, b] = [seen[i - 1], seen[i]];
        expect(b?.answered, `${a?.promptId} → ${b?.promptId}`).toBeGreaterThanOrEqual(a?.answered ?? 0);
        expect(b?.percent, `${a?.promptId} → ${b?.promptId}`).toBeGreaterThanOrEqual(a?.percent ?? 0);
        // Every question outside a repeating group moves it on: no dozen questions at "1/10".
        if (!a?.promptId.includes('#')) expect(b?.answered, `${a?.promptId} → ${b?.promptId}`).toBeGreaterThan(a?.answered ?? 0);
      }
      expect(new Set(seen.map((s) => s.answered)).size).toBeGreaterThan(def.sections.length * 2);
      expect(seen[0]?.percent).toBe(0);
      expect(seen[seen.length - 1]?.percent).toBeGreaterThanOrEqual(90);
    });
  }
});
