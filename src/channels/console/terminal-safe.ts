import { stripVTControlCharacters } from 'node:util';

/**
 * What remains after escape sequences are gone and can still act on a terminal or hide text:
 * C0 controls but tab and line feed (a carriage return rewrites the line it is on, a backspace
 * erases), DEL, C1 controls (U+009B is CSI on 8-bit terminals) and the bidirectional overrides
 * and isolates that reorder what is shown (Trojan Source).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the database (a company's answers, a PM's note or question, a display name) made
 * safe to print on a terminal: escape sequences (colours, cursor moves, window titles, OSC 8
 * links, clipboard writes) and other control characters are removed, the words stay.
 */
export function terminalSafe(text: string): string {
  return stripVTControlCharacters(text).replace(UNSAFE, '');
}

/**
 * JSON for a terminal or a file: JSON.stringify already escapes C0 controls; the others above
 * are escaped too (`\u009b`), so the data stays exactly as stored and nothing acts on a screen.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
