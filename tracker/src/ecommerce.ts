import { track } from './event.ts';
import { ignored } from './safe.ts';
import { str } from './str.ts';
import { method } from './tracker.ts';
import type { Transaction, TransactionItem } from './types.ts';

const NO_TRANS = 'no addTrans';

/** Starts a transaction; `addItem` adds to it, `trackTrans` sends it. */
export const addTrans: (transaction: Transaction, trackerNames?: readonly string[]) => void = method((t, tr: Transaction) => {
  t._trans = [tr, []];
});

export const addItem: (item: TransactionItem, trackerNames?: readonly string[]) => void = method((t, item: TransactionItem) =>
  t._trans ? t._trans[1].push(item) : ignored(NO_TRANS),
);

/** Sends the transaction (`e=tr`), then one `e=ti` per item (tracker-protocol.md §3.6), with the transaction's entities. */
export const trackTrans: (_?: undefined, trackerNames?: readonly string[]) => void = method((t) => {
  const trans = t._trans;
  if (!trans) return ignored(NO_TRANS);
  t._trans = undefined;
  const [tr, items] = trans;
  track(t, 'tr', { tr_id: tr.orderId, tr_af: tr.affiliation, tr_tt: str(tr.total), tr_tx: str(tr.tax), tr_sh: str(tr.shipping), tr_ci: tr.city, tr_st: tr.state, tr_co: tr.country, tr_cu: tr.currency }, tr.context);
  for (const i of items)
    track(t, 'ti', { ti_id: i.orderId, ti_sk: i.sku, ti_nm: i.name, ti_ca: i.category, ti_pr: str(i.price), ti_qu: str(i.quantity), ti_cu: i.currency }, tr.context);
});
