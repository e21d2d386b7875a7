import { parseChoice } from './src/core/questionnaire/parse/choice.js';
const C = [{ id: 'a', labels: ['設計', 'Design'] }, { id: 'b', labels: ['製造', 'Manufacturing'] }];
const H = ['9'.repeat(10_000),'a'.repeat(100_000),'と'.repeat(20_000),'.'.repeat(50_000) + 'x','です'.repeat(20_000) + 'x','約'.repeat(20_000) + '1','no'.repeat(20_000) + '1',' 1'.repeat(25_000) + ' x','1年'.repeat(20_000),'、'.repeat(20_000)];
for (const h of H) { const t = performance.now(); parseChoice(h, C); console.log(h.slice(0,6), (performance.now()-t).toFixed(1)); }
