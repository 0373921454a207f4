/**
 * Enrichment settings, read from the blob wasm/binding/config.ts writes: records of
 * [u8 kind][u16 length][bytes]. Names stay in the blob; the tables below point into it.
 */
import { configBuf } from './layout';
import { sameBytes } from './scan';
import { Flag, Record } from './generated/config';

export { Flag } from './generated/config';

/** Entries per list; settings beyond these are ignored (the binding validates sizes). */
export const MAX_ENTRIES: i32 = 64;

export let flags: u32 = Flag.urlSplit | Flag.campaign | Flag.referer | Flag.userAgent | Flag.fingerprint | Flag.crossDomain;
export let anonymizeOctets: i32 = 0;
export let anonymizeSegments: i32 = 0;

/** Campaign names: per entry u32 pointer, u16 length, u8 field, u8 rank. */
export const campaignNames: usize = memory.data(MAX_ENTRIES * 8);
export let campaignCount: i32 = 0;
/** Click ids: per entry u32 name pointer, u32 name length, u32 network pointer, u32 network length. */
export const clickIds: usize = memory.data(MAX_ENTRIES * 16);
export let clickIdCount: i32 = 0;
/** Internal domains and fingerprint exclusions: per entry u32 pointer, u32 length. */
export const internalDomains: usize = memory.data(MAX_ENTRIES * 8);
export let internalDomainCount: i32 = 0;
export const fingerprintExcludes: usize = memory.data(MAX_ENTRIES * 8);
export let fingerprintExcludeCount: i32 = 0;

// @ts-ignore: decorator
@inline
export function enabled(flag: Flag): bool {
  return (flags & flag) != 0;
}

/** Bumped by every readConfig, so tables derived from the settings know when to rebuild. */
export let configGeneration: u32 = 0;

/** Reads `len` bytes of settings at configBuf. */
export function readConfig(len: u32): void {
  configGeneration++;
  campaignCount = 0;
  clickIdCount = 0;
  internalDomainCount = 0;
  fingerprintExcludeCount = 0;
  let p = configBuf;
  const end = configBuf + len;
  while (p + 3 <= end) {
    const kind = <i32>load<u8>(p);
    const n = <usize>load<u16>(p, 1);
    const body = p + 3;
    p = body + n;
    if (p > end) break;
    switch (kind) {
      case Record.flags: {
        if (n >= 4) flags = load<u32>(body);
        break;
      }
      case Record.anonymize: {
        if (n >= 2) {
          anonymizeOctets = <i32>load<u8>(body);
          anonymizeSegments = <i32>load<u8>(body, 1);
        }
        break;
      }
      case Record.campaignName: {
        if (n < 3 || campaignCount == MAX_ENTRIES) break;
        const e = campaignNames + (<usize>(campaignCount++) << 3);
        store<u32>(e, <u32>(body + 2));
        store<u16>(e, <u16>(n - 2), 4);
        store<u8>(e, load<u8>(body), 6);
        store<u8>(e, load<u8>(body, 1), 7);
        break;
      }
      case Record.clickId: {
        const nameLen = <usize>load<u8>(body);
        if (n < nameLen + 2 || clickIdCount == MAX_ENTRIES) break;
        const e = clickIds + (<usize>(clickIdCount++) << 4);
        store<u32>(e, <u32>(body + 1));
        store<u32>(e, <u32>nameLen, 4);
        store<u32>(e, <u32>(body + 1 + nameLen), 8);
        store<u32>(e, <u32>(n - 1 - nameLen), 12);
        break;
      }
      case Record.internalDomain: {
        if (internalDomainCount == MAX_ENTRIES) break;
        const e = internalDomains + (<usize>(internalDomainCount++) << 3);
        store<u32>(e, <u32>body);
        store<u32>(e, <u32>n, 4);
        break;
      }
      case Record.fingerprintExclude: {
        if (fingerprintExcludeCount == MAX_ENTRIES) break;
        const e = fingerprintExcludes + (<usize>(fingerprintExcludeCount++) << 3);
        store<u32>(e, <u32>body);
        store<u32>(e, <u32>n, 4);
        break;
      }
    }
  }
}

/** Byte equality of two spans. */
export function bytesEqual(a: usize, aLen: usize, b: usize, bLen: usize): bool {
  if (aLen != bLen) return false;
  return sameBytes(a, b, aLen);
}
