/**
 * From the page URL's own query (never the referrer's; enrichments.md §6, §10):
 *  - campaign: per mkt_* column the configured names in priority order, the first present wins;
 *  - click id: the first configured click-id parameter present → mkt_clickid, mkt_network;
 *  - cross-domain linker `_sp=<domain_userid>.<ms>` → refr_domain_userid, refr_dvce_tstamp.
 * Values are form-decoded once (the URL is already out of CloudFront's escaping).
 */
import { Char } from './chars';
import { Flag, bytesEqual, campaignCount, campaignNames, clickIdCount, clickIds, enabled } from './config';
import { Decode, decode, decodedPtr } from './decode';
import { NO_FIELD, addError } from './errors';
import { Col } from './generated/contract';
import { Msg } from './messages';
import { nameEndOf, nextPair, pairEndOf } from './pairs';
import { parseMs, parsedInt } from './numbers';
import { PRIO_LOG, claimScratch, scratch, setSlot, slotLen, slotPtr } from './slots';
import { MAX_MS, writeTimestamp } from './time';

const FIELDS = 5; // medium, source, term, content, campaign: the order of the mkt_* columns
const NONE: i32 = 0x7fffffff;

/** Per campaign field: best rank so far, and the raw value span. */
const best: usize = memory.data(FIELDS * 12);

export function readPageQuery(): void {
  const campaign = enabled(Flag.campaign);
  const crossDomain = enabled(Flag.crossDomain);
  if (!campaign && !crossDomain) return;
  for (let f = 0; f < FIELDS; f++) store<i32>(best + <usize>f * 12, NONE);
  let clickRank = NONE;
  let clickValue: usize = 0;
  let clickValueLen: usize = 0;

  const q = slotPtr(Col.page_urlquery);
  const end = q + <usize>slotLen(Col.page_urlquery);
  let p = q;
  while (p < end) {
    const extent = nextPair(p, end);
    const amp = pairEndOf(extent);
    const eq = nameEndOf(extent);
    const value = eq < amp ? eq + 1 : amp;
    const keyLen = eq - p;
    if (crossDomain && keyLen == 3 && load<u16>(p) == 0x735f && load<u8>(p, 2) == 0x70) readLinker(value, amp - value); // "_sp"
    if (campaign) {
      for (let i = 0; i < campaignCount; i++) {
        const e = campaignNames + (<usize>i << 3);
        if (!bytesEqual(p, keyLen, <usize>load<u32>(e), <usize>load<u16>(e, 4))) continue;
        const slot = best + <usize>load<u8>(e, 6) * 12;
        const rank = <i32>load<u8>(e, 7);
        if (rank < load<i32>(slot)) {
          store<i32>(slot, rank);
          store<u32>(slot, <u32>value, 4);
          store<u32>(slot, <u32>(amp - value), 8);
        }
      }
      for (let i = 0; i < clickIdCount && i < clickRank; i++) {
        const e = clickIds + (<usize>i << 4);
        if (!bytesEqual(p, keyLen, <usize>load<u32>(e), <usize>load<u32>(e, 4))) continue;
        clickRank = i;
        clickValue = value;
        clickValueLen = amp - value;
      }
    }
    p = amp + 1;
  }
  if (!campaign) return;
  for (let f = 0; f < FIELDS; f++) {
    const slot = best + <usize>f * 12;
    if (load<i32>(slot) == NONE) continue;
    const n = decode(<usize>load<u32>(slot, 4), <usize>load<u32>(slot, 8), Decode.form);
    setSlot(Col.mkt_medium + f, decodedPtr, n, PRIO_LOG);
  }
  if (clickRank != NONE) {
    const n = decode(clickValue, clickValueLen, Decode.form);
    if (n > 0) {
      setSlot(Col.mkt_clickid, decodedPtr, n, PRIO_LOG);
      const e = clickIds + (<usize>clickRank << 4);
      setSlot(Col.mkt_network, <usize>load<u32>(e, 8), load<u32>(e, 12), PRIO_LOG);
    }
  }
}

/** `_sp=<domain_userid>.<ms>[.<more parts of the extended form>]`; an empty value sets nothing. */
function readLinker(v: usize, n: usize): void {
  if (n == 0) return;
  const m = decode(v, n, Decode.form);
  const text = decodedPtr;
  const end = text + m;
  let dot = text;
  while (dot < end && load<u8>(dot) != Char.DOT) dot++;
  if (dot > text) setSlot(Col.refr_domain_userid, text, <u32>(dot - text), PRIO_LOG);
  if (dot >= end) return;
  const ms = dot + 1;
  let msEnd = ms;
  while (msEnd < end && load<u8>(msEnd) != Char.DOT) msEnd++;
  if (!parseMs(ms, msEnd - ms) || parsedInt > MAX_MS) {
    addError(Msg.badLinker, NO_FIELD, text, <u32>m);
    return;
  }
  const out = scratch;
  claimScratch(writeTimestamp(out, parsedInt));
  setSlot(Col.refr_dvce_tstamp, out, 23, PRIO_LOG);
}
