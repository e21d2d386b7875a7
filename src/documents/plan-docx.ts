import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { PlanBlock, PlanDocument } from '../core/plan/plan-document.js';

/**
 * 事業計画（案） as a Word file (the `docx` package), laid out from the same plan document as
 * the Markdown: a title, one Heading 1 per section, label–value lines, the company's own
 * words as indented quotes, the role matrix and the academic partners as real tables with a
 * repeated header row, open points and support routes as bulleted lists. Support offices file
 * plans as Word documents; a PM can edit this one.
 */

// Yu Gothic is what Japanese Windows and macOS Word show; other machines substitute their own CJK font.
const FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: 'Yu Gothic', cs: 'Arial' };
const GREY = '666666';
const ACCENT = '1F4E79';

const cellBorders = {
  top: { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' },
  bottom: { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' },
  left: { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' },
  right: { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' },
};

/** Line breaks typed by the company stay line breaks. */
function lines(text: string, options: { bold?: boolean; italics?: boolean; color?: string; size?: number } = {}): TextRun[] {
  return text.split(/\r?\n/).map((line, i) => new TextRun({ text: line, ...options, ...(i > 0 ? { break: 1 } : {}) }));
}

function table(head: string[], rows: string[][]): Table {
  const headerRow = new TableRow({
    tableHeader: true,
    children: head.map(
      (h) =>
        new TableCell({
          borders: cellBorders,
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'DEEAF6' },
          children: [new Paragraph({ children: [new TextRun({ text: h, bold: true, size: 18 })] })],
        }),
    ),
  });
  const body = rows.map(
    (r) => new TableRow({ cantSplit: true, children: r.map((c) => new TableCell({ borders: cellBorders, children: [new Paragraph({ children: lines(c, { size: 18 }) })] })) }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [headerRow, ...body] });
}

function block(b: PlanBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'facts':
      return b.items.map((i) => new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: `${i.label}: `, bold: true }), ...lines(i.oneLine ? i.value.replace(/\r?\n/g, ' ') : i.value)] }));
    case 'answer':
      return [
        new Paragraph({ spacing: { before: 120, after: 60 }, children: [new TextRun({ text: b.label, bold: true })] }),
        b.typed
          ? new Paragraph({ indent: { left: 360 }, spacing: { after: 120 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'BFBFBF', space: 8 } }, children: lines(b.text) })
          : new Paragraph({ spacing: { after: 120 }, children: lines(b.text) }),
      ];
    case 'table':
      return [table(b.head, b.rows), new Paragraph({ children: [] })];
    case 'paragraph':
      return [new Paragraph({ children: lines(b.text) })];
    case 'list':
      return b.items.map((i) => new Paragraph({ bullet: { level: 0 }, children: lines(i) }));
  }
}

export function planDocx(doc: PlanDocument): Document {
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: doc.title })] }),
    new Paragraph({ spacing: { after: 240 }, children: lines(doc.disclaimer, { italics: true, color: GREY, size: 18 }) }),
  ];
  for (const s of doc.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: `${s.number}. ${s.heading}` })] }));
    for (const b of s.blocks) body.push(...block(b));
  }
  body.push(new Paragraph({ spacing: { before: 360 }, children: lines(doc.footer, { italics: true, color: GREY, size: 16 }) }));

  const section: ISectionOptions = {
    // A4 with 20 mm margins (twentieths of a point): the paper Japanese offices file.
    properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
    footers: {
      default: new Footer({
        children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16, color: GREY })] })],
      }),
    },
    children: body,
  };
  return new Document({
    creator: 'Renkei Intake',
    title: doc.title,
    description: doc.disclaimer,
    styles: {
      default: {
        document: { run: { font: FONT, size: 21 }, paragraph: { spacing: { line: 300 } } },
        title: { run: { font: FONT, size: 36, bold: true, color: ACCENT }, paragraph: { spacing: { after: 120 } } },
        heading1: { run: { font: FONT, size: 26, bold: true, color: ACCENT }, paragraph: { spacing: { before: 360, after: 120 } } },
      },
    },
    sections: [section],
  });
}

/** The Word file's bytes. */
export function planDocxBuffer(doc: PlanDocument): Promise<Buffer> {
  return Packer.toBuffer(planDocx(doc));
}
