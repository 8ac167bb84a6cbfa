import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  findCardNumbers,
  findEmails,
  findJsonWebTokens,
  findSchemeCredentials,
  findSecretAssignments,
  SECRET_FINDERS,
  type ScanText,
  type SecretRange,
} from './secret-finders';
import { namesSecret } from './secret-names';

const findAssignments = (text: ScanText) => findSecretAssignments(text, namesSecret);
const FINDERS = { findEmails, findJsonWebTokens, findCardNumbers, findSchemeCredentials, findAssignments };

/** What a finder found, as the pieces of text it would replace. */
function found(find: (text: ScanText) => SecretRange[], text: string): string[] {
  return find(text).map(([start, end]) => text.slice(start, end));
}

/** A string that counts every character read through it: a finder's work, without a clock. */
function counted(value: string): { text: ScanText; reads: () => number } {
  let reads = 0;
  const text: ScanText = {
    length: value.length,
    charCodeAt(index) {
      reads += 1;
      return value.charCodeAt(index);
    },
    slice(start, end) {
      const piece = value.slice(start, end);
      reads += piece.length;
      return piece;
    },
  };
  return { text, reads: () => reads };
}

/**
 * Reads allowed per character, and a few for the text's ends: about twice the most any finder was seen
 * to need (4.8, for `4111 4111 …`). A scan that restarts at every character needs thousands on the
 * inputs below (see the last test).
 */
const READS_PER_CHARACTER = 10;
const READS_AT_THE_ENDS = 64;

function readsWithinBound(find: (text: ScanText) => SecretRange[], value: string): boolean {
  const { text, reads } = counted(value);
  find(text);
  return reads() <= READS_PER_CHARACTER * value.length + READS_AT_THE_ENDS;
}

/** Pieces of every finder's worst case: runs it must read past, starts it must try, ends it must look for. */
const HOSTILE_PIECES = [
  'a',
  'ö',
  '\u{1d4b6}',
  '@',
  '＠',
  '%40',
  '.',
  '-',
  '_',
  ' ',
  '4',
  '4111',
  '0',
  'eyJ',
  'password',
  'token',
  'Bearer',
  'Basic ',
  '=',
  ':',
  '"',
  '\\"',
  "'",
  '{',
  '?',
  '&',
  '$1',
  '://',
];
const hostilePiece = fc.constantFrom(...HOSTILE_PIECES);
/** Long strings of few pieces, repeated: the shape that makes backtracking patterns quadratic. */
const repeatedPattern = fc
  .tuple(fc.array(hostilePiece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 200, max: 3000 }))
  .map(([unit, times]) => unit.join('').repeat(times));
const hostileText = fc.oneof(
  fc.array(hostilePiece, { maxLength: 4000 }).map((pieces) => pieces.join('')),
  repeatedPattern,
);

describe('the secret finders', () => {
  it('find e-mail addresses in every common form', () => {
    assert.deepEqual(found(findEmails, 'to ada@example.com, bob.smith+tag@mail.example.co.uk.'), [
      'ada@example.com',
      'bob.smith+tag@mail.example.co.uk',
    ]);
    assert.deepEqual(found(findEmails, '?x=ada%40example.com&y=1'), ['ada%40example.com']);
    assert.deepEqual(found(findEmails, 'ada＠example.com jörg@bücher.de root@localhost'), [
      'ada＠example.com',
      'jörg@bücher.de',
      'root@localhost',
    ]);
    assert.deepEqual(found(findEmails, 'mail 用户@例子.广告 now'), ['用户@例子.广告']);
  });

  it('leave at signs that are no address: stack frames, package versions, scopes, SQL parameters', () => {
    for (const text of [
      'handleClick@http://localhost:3000/_next/static/chunks/app.js:1:2345',
      'node_modules/.pnpm/next@16.4.6_react@19.3.1/node_modules',
      'import @opentelemetry/api@1.9.1',
      'VALUES (@id, @userId)',
      'ada@',
      '@@@',
    ]) {
      assert.deepEqual(found(findEmails, text), [], text);
    }
  });

  it('find JSON Web Tokens, also cut short inside the payload', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    assert.deepEqual(found(findJsonWebTokens, `token=${jwt}.`), [jwt]);
    assert.deepEqual(found(findJsonWebTokens, jwt.slice(0, 50)), [jwt.slice(0, 50)]);
    assert.deepEqual(found(findJsonWebTokens, 'eyJhbGciOiJIUzI1NiJ9 alone, xeyJ.eyJ.a inside a word'), []);
  });

  it('find card numbers in any common grouping, and only where the checksum holds', () => {
    assert.deepEqual(
      found(findCardNumbers, 'a 4111 1111 1111 1111, b 4111-1111-1111-1111, c 4111.1111.1111.1111, d 4111111111111111'),
      ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111.1111.1111.1111', '4111111111111111'],
    );
    assert.deepEqual(
      found(findCardNumbers, 'amex 3782 822463 10005, diners 3056 930902 5904, 19 digits 6011 0009 9013 9424 124'),
      ['3782 822463 10005', '3056 930902 5904', '6011 0009 9013 9424 124'],
    );
    // A card followed by more digits (an expiry year, a CVV) is still found.
    assert.deepEqual(found(findCardNumbers, '4111 1111 1111 1111 2025'), ['4111 1111 1111 1111']);
  });

  it('leave numbers that are no card: checksums that fail, IDs, timestamps, digits in words, dates', () => {
    for (const text of [
      '4111 1111 1111 1112',
      'order 1234567890123 at 1700000000000 ns 1764158400000000000',
      'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
      '123e4567-e89b-12d3-a456-426614174000',
      '2026-05-01T12:00:00.000Z',
      '4111 1 1111 1111 1111',
      '4111111111111111x',
    ]) {
      assert.deepEqual(found(findCardNumbers, text), [], text);
    }
  });

  it('find credentials after authorization schemes, and leave prose', () => {
    assert.deepEqual(found(findSchemeCredentials, 'Bearer eyJhbGciOi.abc-def and basic dXNlcjpwYXNz, Token abc123def456'), [
      'eyJhbGciOi.abc-def',
      'dXNlcjpwYXNz',
      'abc123def456',
    ]);
    assert.deepEqual(found(findSchemeCredentials, 'basic information, token expired, the bearer of this card'), []);
  });

  it('find values assigned to secret names, quoted or bare, and leave the names', () => {
    assert.deepEqual(
      found(
        findAssignments,
        'password=hunter2 {"password":"hunter 2"} {\\"secret\\": \\"s3\\"} api-key: abc x-auth-token=t1&page=2 \'token\' : \'t2\'',
      ),
      ['hunter2', 'hunter 2', 's3', 'abc', 't1', 't2'],
    );
    assert.deepEqual(found(findAssignments, 'Authorization: Bearer abc123 rest'), ['Bearer abc123']);
    assert.deepEqual(found(findAssignments, '{"credentials": {"user": "ada", "password": 42}}'), ['42']);
  });

  it('leave names that are no secret, placeholders and empty values', () => {
    for (const text of [
      'SELECT id FROM idempotency_keys WHERE key = ? AND token = ? OR password = $1',
      'http://127.0.0.1:3000/api/orders?page=2&sort=asc',
      'tokens=12 input_tokens: 7 tokenCount=3',
      'password="" token=',
      '2026-05-01T12:00:00.000Z',
    ]) {
      assert.deepEqual(found(findAssignments, text), [], text);
    }
  });

  it('read each character a bounded number of times, on any text', () => {
    for (const [name, find] of Object.entries(FINDERS)) {
      fc.assert(
        fc.property(hostileText, (text) => readsWithinBound(find, text)),
        { numRuns: 60 },
      );
      for (const worst of [
        `${'a'.repeat(100_000)}@`,
        'a@'.repeat(50_000),
        'a%40'.repeat(25_000),
        '4111 '.repeat(20_000),
        '1 '.repeat(50_000),
        'eyJ.'.repeat(25_000),
        'password='.repeat(10_000),
        'password:"'.repeat(10_000),
        'Bearer '.repeat(10_000),
        'Bearer-'.repeat(10_000),
        `${'a'.repeat(100_000)}-Google`,
      ]) {
        assert.ok(readsWithinBound(find, worst), `${name} on ${worst.slice(0, 12)}… (${worst.length} characters)`);
      }
    }
  });

  it('are skipped only where their quick test says they cannot find anything', () => {
    const secretShaped = fc.oneof(
      hostileText,
      fc.constantFrom('ada@example.com', 'x=ada%40b.cc', 'eyJa.eyJb', '4111 1111 1111 1111', 'Token abc123def456', 'pwd=1'),
    );
    for (const { mayFind, find } of SECRET_FINDERS) {
      fc.assert(fc.property(secretShaped, (text) => find(text, namesSecret).length === 0 || mayFind.test(text)));
    }
  });

  it('would catch a scan that restarts at every character', () => {
    // An address pattern's way to fail: from every start, run over the local part, then find no at sign.
    const restartingEmailScan = (text: ScanText): SecretRange[] => {
      for (let start = 0; start < text.length; start += 1) {
        let end = start;
        while (end < text.length && text.charCodeAt(end) !== 0x40 && text.charCodeAt(end) !== 0x20) end += 1;
      }
      return [];
    };
    assert.equal(readsWithinBound(restartingEmailScan, 'a'.repeat(4096)), false);
  });
});
