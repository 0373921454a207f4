/** Every byte the parser looks at, by name (ASCII). */
export const enum Char {
  TAB = 0x09,
  LF = 0x0a,
  CR = 0x0d,
  SPACE = 0x20,
  QUOTE = 0x22,
  HASH = 0x23,
  PERCENT = 0x25,
  AMP = 0x26,
  PLUS = 0x2b,
  COMMA = 0x2c,
  MINUS = 0x2d,
  DOT = 0x2e,
  SLASH = 0x2f,
  _0 = 0x30,
  _9 = 0x39,
  COLON = 0x3a,
  EQUALS = 0x3d,
  QUESTION = 0x3f,
  A = 0x41,
  E = 0x45,
  F = 0x46,
  G = 0x47,
  T = 0x54,
  Z = 0x5a,
  LBRACKET = 0x5b,
  BACKSLASH = 0x5c,
  RBRACKET = 0x5d,
  UNDERSCORE = 0x5f,
  a = 0x61,
  b = 0x62,
  e = 0x65,
  f = 0x66,
  i = 0x69,
  n = 0x6e,
  r = 0x72,
  t = 0x74,
  u = 0x75,
  x = 0x78,
  z = 0x7a,
  LBRACE = 0x7b,
  RBRACE = 0x7d,
  DEL = 0x7f,
}

/** Value of a hex digit, or -1. */
// @ts-ignore: decorator
@inline
export function hexValue(c: u32): i32 {
  if (c - Char._0 < 10) return <i32>(c - Char._0);
  const lower = c | 0x20; // ASCII letters: set the lower-case bit
  if (lower - Char.a < 6) return <i32>(lower - Char.a + 10);
  return -1;
}

// @ts-ignore: decorator
@inline
export function isDigit(c: u32): bool {
  return c - Char._0 < 10;
}
