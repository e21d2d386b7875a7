import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlanDraft } from '../../src/core/plan/build-plan-draft.js';
import { buildPlanDocument } from '../../src/core/plan/plan-document.js';
import { scoreReadiness } from '../../src/core/readiness/score-readiness.js';
import { loadLatestRubric } from '../../src/config/load-rubric.js';
import { projectRoot } from '../../src/config.js';
import { planDocxBuffer } from '../../src/documents/plan-docx.js';
import { FilePlanArchive } from '../../src/store/file-plan-archive.js';
import { defaultCatalog, translator } from '../support/harness.js';
import { batteryAnswers } from '../fixtures/battery-answers.js';

const run = promisify(execFile);
const def = defaultCatalog().latest;
const rubric = loadLatestRubric(join(projectRoot, 'config', 'rubric'));
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const dir = mkdtempSync(join(tmpdir(), 'renkei-docx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const documentFor = (answers: Record<string, unknown>, locale: 'ja' | 'en') => {
  const readiness = scoreReadiness(rubric, { answers, eligibility: { status: 'eligible' } });
  const plan = buildPlanDraft({ intakeId: 'in_docx', questionnaireVersion: '1', answers, readiness, eligibility: 'eligible', region: 'kanto', programs: ['keiei_kakushin', 'go_tech'] });
  return buildPlanDocument(translator, locale, def, plan, { keiei_kakushin: locale === 'ja' ? '経営革新計画' : 'Business innovation plan', go_tech: 'Go-Tech' });
};

/** word/document.xml parsed; a malformed part makes the parser report an error and the test fail. */
async function documentXml(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'docProps/core.xml']));
  const errors: string[] = [];
  const parse = (xml: string) =>
    new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(xml, 'text/xml');
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) parse(await zip.file(name)!.async('string'));
  expect(errors).toEqual([]);
  const doc = parse(await zip.file('word/document.xml')!.async('string'));
  const all = (el: Element | Document, tag: string) => Array.from(el.getElementsByTagNameNS(W, tag)) as Element[];
  const text = (el: Element) => all(el, 't').map((t) => t.textContent ?? '').join('');
  const style = (p: Element) => all(p, 'pStyle')[0]?.getAttributeNS(W, 'val') ?? null;
  const paragraphs = all(doc, 'p');
  return {
    headings: paragraphs.filter((p) => style(p) === 'Heading1').map(text),
    title: paragraphs.filter((p) => style(p) === 'Title').map(text),
    bullets: paragraphs.filter((p) => all(p, 'numPr').length > 0).map(text),
    tables: all(doc, 'tbl').map((tbl) => ({
      header: all(tbl, 'tr').filter((tr) => all(tr, 'tblHeader').length > 0).length,
      rows: all(tbl, 'tr').map((tr) => all(tr, 'tc').map(text)),
    })),
    body: paragraphs.map(text).join('\n'),
  };
}

describe('the plan draft as a Word file', () => {
  it.each(['ja', 'en'] as const)('opens as a valid .docx in %s with its nine sections as headings and the role matrix as a real table', async (locale) => {
    const x = await documentXml(await planDocxBuffer(documentFor(batteryAnswers, locale)));
    expect(x.title[0]).toContain(locale === 'ja' ? '事業計画（案）' : 'Draft business plan');
    expect(x.title[0]).toContain('鉛蓄電池の長寿命化・再生サービス');
    expect(x.headings).toHaveLength(9);
    expect(x.headings[0]).toBe(`1. ${translator.t(locale, 'plan.sections.overview')}`);
    expect(x.headings[7]).toBe(`8. ${translator.t(locale, 'plan.sections.open_points')}`);
    const [members, academia] = x.tables;
    // The role matrix: a header row repeated on every page, the core company and both partners.
    expect(members?.header).toBe(1);
    expect(members?.rows).toHaveLength(4);
    expect(members?.rows[0]).toHaveLength(7);
    expect(members?.rows[1]?.slice(0, 2)).toEqual([locale === 'ja' ? 'コア企業' : 'Core company', '株式会社バッテリー再生工房']);
    expect(members?.rows[2]?.[1]).toBe('東海電池製造');
    expect(academia?.rows[1]).toEqual(locale === 'ja' ? ['豊橋技術科学大学', '大学', '技術評価・試験・分析', '協力'] : ['豊橋技術科学大学', 'University', 'Evaluation, testing, analysis', 'Cooperation (kyoryoku)']);
    // Support routes as a bulleted list; no raw i18n key anywhere.
    expect(x.bullets).toEqual(expect.arrayContaining(['Go-Tech']));
    expect(x.body).toContain(locale === 'ja' ? '8,000万円' : '¥80,000,000');
    expect(x.body).not.toMatch(/\b(plan|questions|choices|readiness|regions)\.[a-z_]+/);
  });

  it('keeps what the company typed, line breaks and characters that mean something in XML included', async () => {
    const x = await documentFor({ ...batteryAnswers, 'theme.description': '一行目 <b>&"\'\n二行目', 'theme.novelty': { unknown: true } }, 'ja');
    const parsed = await documentXml(await planDocxBuffer(x));
    expect(parsed.body).toContain('一行目 <b>&"\'二行目');
    expect(parsed.bullets).toContain(translator.t('ja', 'questions.theme.novelty.label'));
  });

  it('is written next to the Markdown as data/plans/<intake>.{ja,en}.docx, readable by the owner only', async () => {
    const plans = join(dir, 'plans');
    const archive = new FilePlanArchive(plans);
    const files = await archive.save('in_files', { ja: documentFor(batteryAnswers, 'ja'), en: documentFor(batteryAnswers, 'en') });
    expect(files.ja.docx).toBe(join(plans, 'in_files.ja.docx'));
    for (const f of [files.ja.docx, files.en.docx, files.ja.markdown, files.en.markdown]) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect((await documentXml(readFileSync(files.en.docx))).headings).toHaveLength(9);
    await archive.remove('in_files');
    expect([files.ja.docx, files.en.docx, files.ja.markdown].some((f) => existsSync(f))).toBe(false);
  });

  // LibreOffice renders the document where it is installed (.ci/run installs Debian's libreoffice-writer and
  // poppler-utils): Word → PDF in LibreOffice, the first page → PNG with pdftoppm, saved for a person to look at.
  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
  const pdftoppm = ['/usr/bin/pdftoppm'].find((p) => existsSync(p));
  it.runIf((soffice !== undefined && pdftoppm !== undefined) || process.env.CI === 'true')('renders in LibreOffice: every page laid out, the first one as a PNG in test-artifacts/', { timeout: 120_000 }, async () => {
    expect(soffice, 'LibreOffice (soffice) is required under CI').toBeDefined();
    expect(pdftoppm, 'pdftoppm (poppler-utils) is required under CI').toBeDefined();
    const out = join(projectRoot, 'test-artifacts');
    mkdirSync(out, { recursive: true });
    for (const locale of ['ja', 'en'] as const) {
      const docx = join(dir, `plan-${locale}.docx`);
      writeFileSync(docx, await planDocxBuffer(documentFor(batteryAnswers, locale)));
      // Its own profile: a LibreOffice already running for the user (or another test) would take the job and exit at once.
      await run(soffice ?? 'soffice', [`-env:UserInstallation=file://${join(dir, `lo-${locale}`)}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 100_000 });
      const pdf = join(dir, `plan-${locale}.pdf`);
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await run(pdftoppm ?? 'pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, join(out, `plan-${locale}`)]);
      const png = readFileSync(join(out, `plan-${locale}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // A page with the title, the overview and the role matrix; a blank A4 page at 80 dpi is a few kilobytes.
      expect(png.length).toBeGreaterThan(40_000);
    }
  });
});
