import { understandAnswer } from './src/core/questionnaire/parse-answer.js';
import { buildEngineContext } from './src/app/engine-context.js';
import { createTranslator } from './src/i18n/translator.js';
import { definitionSchema } from './src/core/questionnaire/definition.js';
import { readFileSync } from 'node:fs';
const def = definitionSchema.parse(JSON.parse(readFileSync('config/questionnaire/intake-v1.json','utf8')));
const ctx = buildEngineContext(def, createTranslator());
const f = (id: string) => { const [g, fld] = id.split('/'); const q = def.questions.find(q => q.id === g)!; return q.type === 'group' ? q.fields.find(x => x.id === fld)! : q as any; };
const cases: [string, string][] = [
 ['strengths.ip','特許取得済み'],['strengths.ip','特許'],['strengths.ip','特許取得すみ'],['strengths.ip','とっきょ'],['missing.functions','製造'],['partners/relationship','既存の取引先'],
 ['missing.functions','Service and maintenance'],['company.industry','せいぞう'],['company.industry','seizou'],['company.industry','oroshiuri'],['company.industry','manufactring'],
 ['company.employees','45にん'],['theme.market','未定'],['company.capital_yen','2千万'],['company.capital_yen','1000〜2000万円'],['company.employees','30〜50人'],['company.employees','約45人'],
 ['missing.functions','1と販売'],['missing.functions','設計、せいぞう'],['missing.functions','設計と生さん'],['company.name','未定'],['consent.share_with_office','未定'],
 ['company.industry','サービス'],['company.industry','製造業です'],['company.industry','うちは小売りです'],['funding.sources','信金と自己資金'],['funding.sources','shinkin, own funds'],
 ['company.capital_yen','1.2 million yen'],['company.capital_yen','120m yen'],['company.employees','45 staff'],['company.capital_yen','2000まんえん'],['company.capital_yen','一億二千万円'],
 ['theme.category','くらし'],['theme.novelty','業界初'],['company.industry','banana'],['company.industry','ホテル'],['company.prefecture','まだ決まっていない'],
];
for (const [q, t] of cases) console.log(q.padEnd(28), t.padEnd(22), JSON.stringify(understandAnswer(f(q), t, ctx)));
