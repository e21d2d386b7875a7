import { describe, expect, it } from 'vitest';
import { parseEmail } from './email.js';

describe('parseEmail', () => {
  it.each([
    ['taro@example.co.jp', 'taro@example.co.jp'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'taro@example.jp'],
    ['mailto:a.b+c@d.example', 'a.b+c@d.example'],
    ['  hanako@kobo.example  ', 'hanako@kobo.example'],
  ])('accepts %s', (input, expected) => {
    expect(parseEmail(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['taro', 'taro@', '@example.jp', 'taro@example', 'a b@example.jp', '<x@y.jp>', `${'a'.repeat(250)}@x.jp`])(
    'refuses %s',
    (input) => {
      expect(parseEmail(input)).toEqual({ ok: false, code: 'email.invalid' });
    },
  );
});
