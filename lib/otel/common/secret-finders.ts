/**
 * Where secrets lie in free text: e-mail addresses, JSON Web Tokens, card numbers, credentials after an
 * authorization scheme, and values assigned to secret names. Each finder returns the ranges to replace,
 * in order and apart, and reads every character a bounded number of times, so redaction costs a
 * multiple of a value's length, never its square, whatever a client puts in it (issue 18: a pattern
 * that backtracked over a run of address characters took 14 s over one 160,000-character value).
 *
 * The finders read text only through ScanText (a string is one), so a test can count every read.
 * Where they use a regular expression, it runs over a piece already read and its cost is linear by
 * construction (no nested or overlapping quantifiers).
 */
export interface ScanText {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end: number): string;
}

/** Start (inclusive) and end (exclusive) of one secret. */
export type SecretRange = readonly [start: number, end: number];

/** Says whether a name's value is secret; `inQuery` when it follows `?` or `&` and takes `=`, as a URL's parameters do. */
export type SecretNameTest = (name: string, inQuery: boolean) => boolean;

// What each ASCII character may be part of, one bit per use. Beyond ASCII, the letters and digits of
// every script are letters, and belong to words and to e-mail addresses (RFC 6531); nothing else does.
const LETTER = 1;
const DIGIT = 2;
const WORD = 4;
const LOCAL_PART = 8;
const DOMAIN = 16;
const NAME = 32;
const CREDENTIAL = 64;
const BASE64URL = 128;
const BLANK = 256;
const QUOTE = 512;
const VALUE_END = 1024;
const BEYOND_ASCII = LETTER | WORD | LOCAL_PART | DOMAIN;
const ASCII_CLASSES = new Uint16Array(128);
const ALPHANUMERIC = WORD | LOCAL_PART | DOMAIN | NAME | CREDENTIAL | BASE64URL;
for (const [characters, bits] of [
  ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', LETTER | ALPHANUMERIC],
  ['0123456789', DIGIT | ALPHANUMERIC],
  ['_', WORD | NAME | BASE64URL],
  ['-', LOCAL_PART | DOMAIN | NAME | CREDENTIAL | BASE64URL],
  ['.', LOCAL_PART | NAME | CREDENTIAL],
  ['%+', LOCAL_PART],
  ['~+/=', CREDENTIAL],
  [' \t', BLANK],
  ['"\'\\', QUOTE],
  [' \t\r\n&;,"\'})]<>#', VALUE_END],
] as const) {
  for (let index = 0; index < characters.length; index += 1) ASCII_CLASSES[characters.charCodeAt(index)]! |= bits;
}
const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u;

function is(code: number, bits: number): boolean {
  if (code < 128) return (ASCII_CLASSES[code]! & bits) !== 0;
  // A surrogate counts as a letter: most characters beyond the first plane are (CJK, historic scripts).
  return (
    code > 127 &&
    (bits & BEYOND_ASCII) !== 0 &&
    ((code >= 0xd800 && code <= 0xdfff) || LETTER_OR_DIGIT.test(String.fromCharCode(code)))
  );
}

/** The first index from `index` on whose character is not of `bits` (the text's end reads as NaN, of none). */
function skip(text: ScanText, index: number, bits: number): number {
  while (is(text.charCodeAt(index), bits)) index += 1;
  return index;
}

/** The dots IDNA reads as label separators: `.`, `。`, `．`, `｡`. */
const isDot = (code: number) => code === 0x2e || code === 0x3002 || code === 0xff0e || code === 0xff61;

/**
 * E-mail addresses: `ada@example.com`, percent-encoded (`ada%40example.com`), with a fullwidth or small
 * at sign (`ada＠example.com`), internationalised (`jörg@bücher.de`) or with a one-label domain
 * (`root@localhost`).
 */
export function findEmails(text: ScanText): SecretRange[] {
  const found: SecretRange[] = [];
  // No address starts before this: what lies before it belongs to an at sign already judged, so each
  // character is read by one backward scan at most, however many at signs follow it.
  let floor = 0;
  for (let at = 0; at < text.length; at += 1) {
    const atLength = atSignLength(text, at);
    if (atLength === 0) continue;
    let start = at;
    while (start > floor && is(text.charCodeAt(start - 1), LOCAL_PART)) start -= 1;
    const end = mailDomainEnd(text, at + atLength);
    if (start < at && end > at + atLength) {
      found.push([start, end]);
      floor = end;
      at = end - 1;
    } else {
      floor = at + atLength;
    }
  }
  return found;
}

function atSignLength(text: ScanText, index: number): number {
  const code = text.charCodeAt(index);
  if (code === 0x40 || code === 0xff20 || code === 0xfe6b) return 1;
  return code === 0x25 && text.charCodeAt(index + 1) === 0x34 && text.charCodeAt(index + 2) === 0x30 ? 3 : 0;
}

/**
 * Where the domain from `from` ends, at its longest acceptable length; `from` when there is none.
 * Labels of letters, digits and hyphens, the last of two letters or more (`example.com`), or a single
 * label with a letter (`localhost`) unless a URL's `://` follows: in Firefox's and Safari's stack
 * frames, `handler@https://shop/app.js:1:2` is a function's name and a script's address.
 */
function mailDomainEnd(text: ScanText, from: number): number {
  let accepted = from;
  for (let labelStart = from; ;) {
    let labelEnd = labelStart;
    let letters = 0;
    for (let code = text.charCodeAt(labelEnd); is(code, DOMAIN); code = text.charCodeAt((labelEnd += 1))) {
      if (is(code, LETTER)) letters += 1;
    }
    if (labelEnd === labelStart) return accepted;
    const isUrl =
      text.charCodeAt(labelEnd) === 0x3a && text.charCodeAt(labelEnd + 1) === 0x2f && text.charCodeAt(labelEnd + 2) === 0x2f;
    const acceptable = labelStart > from ? letters >= 2 && letters === labelEnd - labelStart : letters > 0 && !isUrl;
    if (acceptable) accepted = labelEnd;
    if (!isDot(text.charCodeAt(labelEnd))) return accepted;
    labelStart = labelEnd + 1;
  }
}

/**
 * JSON Web Tokens, bare: dot-separated segments of base64url, the first starting with `eyJ` (`{"`
 * encoded). A second segment that starts so too, or three segments, make a token, so that one cut
 * short inside its payload is still found.
 */
export function findJsonWebTokens(text: ScanText): SecretRange[] {
  const found: SecretRange[] = [];
  for (let start = 0; start < text.length; start += 1) {
    if (!startsJsonSegment(text, start) || is(text.charCodeAt(start - 1), BASE64URL)) continue;
    let end = skip(text, start, BASE64URL);
    const secondIsJson = text.charCodeAt(end) === 0x2e && startsJsonSegment(text, end + 1);
    let segments = 1;
    for (; text.charCodeAt(end) === 0x2e && is(text.charCodeAt(end + 1), BASE64URL); segments += 1) {
      end = skip(text, end + 1, BASE64URL);
    }
    if (secondIsJson || segments >= 3) found.push([start, end]);
    start = end;
  }
  return found;
}

function startsJsonSegment(text: ScanText, index: number): boolean {
  return text.charCodeAt(index) === 0x65 && text.charCodeAt(index + 1) === 0x79 && text.charCodeAt(index + 2) === 0x4a;
}

/** A space, a no-break space, a dash or a dot: what people put between a card number's groups. */
const isCardSeparator = (code: number) => code === 32 || code === 0xa0 || code === 0x2d || code === 0x2e;

/**
 * Payment card numbers: 13 to 19 digits, in one block or in groups (`4111 1111 1111 1111`,
 * `4111.1111.1111.1111`, `3782 822463 10005`), starting with 2 to 6 (the card networks' first digits:
 * IDs and millisecond timestamps start with 1) and passing the Luhn check. Digits inside a word (a hex
 * trace ID, `v2`) or after a decimal point are not a card.
 */
export function findCardNumbers(text: ScanText): SecretRange[] {
  const found: SecretRange[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (!is(text.charCodeAt(index), DIGIT) || is(text.charCodeAt(index - 1), WORD)) continue;
    // The run's groups of digits, each joined to the next by one separator: flat pairs of start and end.
    const groups: number[] = [];
    let end = index;
    for (;;) {
      const groupStart = end;
      end = skip(text, end, DIGIT);
      groups.push(groupStart, end);
      if (!isCardSeparator(text.charCodeAt(end)) || !is(text.charCodeAt(end + 1), DIGIT)) break;
      end += 1;
    }
    // A run that ends in a word (`…1111x`) shares its last group with it.
    const usable = is(text.charCodeAt(end), WORD) ? groups.length - 2 : groups.length;
    for (let first = 0; first < usable; first += 2) {
      const last = lastGroupOfCard(text, groups, first, usable);
      if (last < 0) continue;
      found.push([groups[first]!, groups[last + 1]!]);
      first = last;
    }
    index = end;
  }
  return found;
}

/**
 * The last group of the longest card number that starts at group `first`, or -1. A card number's
 * grouping is one block of 13 to 19 digits, fours with a last group of one to four (4-4-4-4,
 * 4-4-4-4-3, 4-4-4-1), or American Express's and Diners' 4-6-5 and 4-6-4. A window grows one group
 * at a time while its grouping can still become one of these, so at most five groups are read, and
 * the Luhn sums for both parities are kept as the digits come.
 */
function lastGroupOfCard(text: ScanText, groups: readonly number[], first: number, usable: number): number {
  const firstDigit = text.charCodeAt(groups[first]!);
  if (firstDigit < 0x32 || firstDigit > 0x36) return -1;
  // A block of digits after a dot is a fraction (`0.6234567890123456`), not a card.
  const afterDot = text.charCodeAt(groups[first]! - 1) === 0x2e;
  // The Luhn sums if the digits at even, or at odd, places from the left are doubled.
  let evenDoubled = 0;
  let oddDoubled = 0;
  let digits = 0;
  let secondLength = 0;
  let last = -1;
  for (let group = first, place = 0; group < usable; group += 2, place += 1) {
    const length = groups[group + 1]! - groups[group]!;
    if (digits + length > 19) break;
    for (let index = groups[group]!; index < groups[group + 1]!; index += 1, digits += 1) {
      const digit = text.charCodeAt(index) - 48;
      const doubled = digit > 4 ? digit * 2 - 9 : digit * 2;
      evenDoubled += digits % 2 === 0 ? doubled : digit;
      oddDoubled += digits % 2 === 0 ? digit : doubled;
    }
    if (place === 1) secondLength = length;
    const grouped = place === 0 ? !afterDot : secondLength === 6 ? place === 2 && (length === 4 || length === 5) : length <= 4;
    // The rightmost digit is never doubled: with `digits` digits, the doubled ones sit at the other parity.
    const luhn = digits % 2 === 0 ? evenDoubled : oddDoubled;
    if (digits >= 13 && grouped && luhn % 10 === 0) last = group;
    const mayGrow = length === 4 ? secondLength !== 6 : place === 1 && length === 6;
    if (!mayGrow) break;
  }
  return last;
}

/** Authorization schemes whose credential follows a space: `Bearer …`, `Basic …`, `Token …`, `Negotiate …`, `ApiKey …`. */
const SCHEMES = ['bearer', 'basic', 'token', 'negotiate', 'apikey'];

/** The credential after an authorization scheme; the scheme stays (`Bearer REDACTED`). */
export function findSchemeCredentials(text: ScanText): SecretRange[] {
  const found: SecretRange[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (!is(text.charCodeAt(index), LETTER) || is(text.charCodeAt(index - 1), WORD)) continue;
    const wordEnd = skip(text, index, LETTER);
    const credential = credentialAfterScheme(text, index, wordEnd, true);
    if (credential) found.push(credential);
    index = (credential?.[1] ?? wordEnd) - 1;
  }
  return found;
}

/**
 * The credential after the scheme that ends at `schemeEnd`, if the word is one. `strict` in free text:
 * 8 characters or more and not all small letters, so prose survives ("basic information", "token
 * expired"); after a secret name, anything.
 */
function credentialAfterScheme(text: ScanText, schemeStart: number, schemeEnd: number, strict: boolean): SecretRange | undefined {
  if (schemeEnd - schemeStart > 9 || !SCHEMES.includes(text.slice(schemeStart, schemeEnd).toLowerCase())) return undefined;
  const start = skip(text, schemeEnd, BLANK);
  // No blank, no credential; and the run after it is not read, or `Bearer-Bearer-…` would be read
  // again from every `Bearer` in it.
  if (start === schemeEnd) return undefined;
  const end = skip(text, start, CREDENTIAL);
  const looksSecret = !strict || (end - start >= 8 && /[^a-z]/.test(text.slice(start + 1, end)));
  return end > start && looksSecret ? [start, end] : undefined;
}

/**
 * Values assigned to a secret name: `password=hunter2`, `{"password":"hunter2"}` (also escaped inside
 * a JSON string, `{\"password\":\"hunter2\"}`), `api-key: abc`, `?token=…`. The value goes, the name
 * stays: a quoted value to its closing quote, a bare one to the next blank or separator (and past a
 * scheme: `Authorization: Bearer abc`). An object or list is not a value: its own names are judged
 * one by one. SQL placeholders (`token = ?`, `$1`) hold nothing.
 */
export function findSecretAssignments(text: ScanText, isSecret: SecretNameTest): SecretRange[] {
  const found: SecretRange[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (!is(text.charCodeAt(index), NAME) || is(text.charCodeAt(index - 1), NAME)) continue;
    const nameEnd = skip(text, index, NAME);
    // Past a quoted name's closing quote, escaped or not, and blanks, to `=` or `:`.
    const operator = skip(text, nameEnd, QUOTE | BLANK);
    const code = text.charCodeAt(operator);
    const before = text.charCodeAt(index - 1);
    const inQuery = code === 0x3d && (before === 0x3f || before === 0x26);
    const value =
      (code === 0x3d || code === 0x3a) && isSecret(text.slice(index, nameEnd), inQuery)
        ? assignedValue(text, operator + 1)
        : undefined;
    if (value) found.push(value);
    index = (value?.[1] ?? operator) - 1;
  }
  return found;
}

function assignedValue(text: ScanText, from: number): SecretRange | undefined {
  let start = skip(text, from, BLANK);
  const escaped = text.charCodeAt(start) === 0x5c && text.charCodeAt(start + 1) === 0x22;
  if (escaped) start += 1;
  const quote = text.charCodeAt(start);
  if (quote === 0x22 || quote === 0x27) {
    let end = start + 1;
    while (end < text.length && !(text.charCodeAt(end) === quote && (text.charCodeAt(end - 1) === 0x5c) === escaped)) end += 1;
    const valueEnd = escaped && end < text.length ? end - 1 : end;
    return valueEnd > start + 1 ? [start + 1, valueEnd] : undefined;
  }
  // Judged before the value is read: a value left alone is read again as names.
  if (quote === 0x7b || quote === 0x5b) return undefined;
  let end = start;
  while (end < text.length && !is(text.charCodeAt(end), VALUE_END)) end += 1;
  if (end === start || /^(?:\?|\$\d+)$/.test(text.slice(start, end))) return undefined;
  return [start, credentialAfterScheme(text, start, end, false)?.[1] ?? end];
}

/**
 * The finders in the order redaction runs them, each over the last one's output (a finder never sees
 * a secret another has replaced), and each with a quick test of whether it could find anything at
 * all: most values are names and IDs with nothing to find, and a native search for a few literals
 * (or four digits in a row, which every card grouping has) costs a fraction of a scan, and is linear
 * too (literals and one bounded repetition).
 */
export const SECRET_FINDERS: readonly {
  mayFind: RegExp;
  find: (text: ScanText, isSecretName: SecretNameTest) => SecretRange[];
}[] = [
  { mayFind: /[@\uff20\ufe6b]|%40/, find: findEmails },
  { mayFind: /eyJ/, find: findJsonWebTokens },
  { mayFind: /\d{4}/, find: findCardNumbers },
  { mayFind: new RegExp(SCHEMES.join('|'), 'i'), find: findSchemeCredentials },
  { mayFind: /[=:]/, find: findSecretAssignments },
];
