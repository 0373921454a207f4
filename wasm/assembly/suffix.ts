/**
 * Country and generic suffixes for the referer table's `name.*` entries: one label of two or three
 * letters (`de`, `com`), or a common second level (`co`, `com`, …) and a two-letter country (`co.uk`).
 */
import { Char } from './chars';

@inline function isLetter(c: u32): bool {
  return (c | 0x20) - Char.a < 26;
}

function lettersOnly(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (!isLetter(load<u8>(p + i))) return false;
  return true;
}

/** Second levels under country codes: com, co, net, org, gov, edu, ac, or, ne, go, gob. */
function isSecondLevel(p: usize, n: usize): bool {
  if (n == 2) {
    const w = load<u16>(p) | 0x2020;
    return w == 0x6f63 || w == 0x6361 || w == 0x726f || w == 0x656e || w == 0x6f67; // co ac or ne go
  }
  if (n != 3) return false;
  const w = (<u32>load<u16>(p) | (<u32>load<u8>(p, 2) << 16)) | 0x202020;
  return w == 0x6d6f63 || w == 0x74656e || w == 0x67726f || w == 0x766f67 || w == 0x756465 || w == 0x626f67; // com net org gov edu gob
}

export function isSuffix(p: usize, n: usize): bool {
  let dot: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    if (load<u8>(p + i) == Char.DOT) {
      if (dot != 0) return false; // at most two labels
      dot = i;
    }
  }
  if (dot == 0) return (n == 2 || n == 3) && lettersOnly(p, n);
  return isSecondLevel(p, dot) && n - dot - 1 == 2 && lettersOnly(p + dot + 1, 2);
}
