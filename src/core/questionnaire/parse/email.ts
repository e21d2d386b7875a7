import { fail, ok, type ParseResult } from '../../result.js';

// Deliberately loose: the office only needs an address a person can write to, and a
// stricter RFC check would refuse addresses that real mail servers accept.
const shape = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

export function parseEmail(text: string): ParseResult<string> {
  const candidate = text.normalize('NFKC').trim().replace(/^mailto:/i, '');
  return candidate.length <= 254 && shape.test(candidate) ? ok(candidate) : fail('email.invalid');
}
