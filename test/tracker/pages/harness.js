// Test-side helpers, injected by test/tracker/support.ts with `addInitScript` before any page script.
// Plain JS on purpose: it runs in the page, where the Node test tsconfig has no DOM types.
(() => {
  const before = Object.getOwnPropertyNames(window);
  const rejections = [];
  addEventListener('unhandledrejection', (e) => rejections.push(String(e.reason)));
  // A strict-CSP page must not see the tracker break its policy.
  addEventListener('securitypolicyviolation', (e) => rejections.push(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));

  // The order of storage and network steps: `put`, `delete`, `commit` (a read-write transaction
  // completed) and `send` (an image src set). Observation only. The `complete` listener is added
  // as the transaction is created, so it runs before the tracker's own and logs the commit
  // before anything the tracker does after it.
  const order = [];
  const { transaction } = IDBDatabase.prototype;
  IDBDatabase.prototype.transaction = function (...args) {
    const tx = transaction.apply(this, args);
    if (tx.mode === 'readwrite') tx.addEventListener('complete', () => order.push('commit'));
    return tx;
  };
  for (const method of ['put', 'delete']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (...args) {
      order.push(method);
      return original.apply(this, args);
    };
  }
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
  Object.defineProperty(HTMLImageElement.prototype, 'src', {
    ...src,
    set(value) {
      order.push('send');
      src.set.call(this, value);
    },
  });
  // What debug mode posts, as the pixel inspector would receive it.
  const debug = [];
  new BroadcastChannel('firn-debug').onmessage = (e) => debug.push(e.data);
  Object.defineProperty(window, 'firnTest', {
    enumerable: false,
    value: {
      rejections,
      order,
      debug,
      /** The config of the tracker on pages/blank.html, set by a test's init script. */
      config: undefined,
      /** Its collector, when not the page's own origin. */
      endpoint: undefined,
      /** Globals the page gained since this script ran. */
      newGlobals: () => Object.getOwnPropertyNames(window).filter((k) => !before.includes(k) && k !== 'firnTest'),
      /** Every record in the tracker's store; [] if the tracker has not created it. Never creates it. */
      readStore: (name, store) =>
        new Promise((ok) => {
          const open = indexedDB.open(name);
          open.onupgradeneeded = () => open.transaction.abort();
          open.onerror = (e) => (e.preventDefault(), ok([]));
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains(store)) return db.close(), ok([]);
            const all = db.transaction(store).objectStore(store).getAll();
            all.onsuccess = () => (db.close(), ok(all.result));
            all.onerror = () => (db.close(), ok([]));
          };
        }),
      /** Whether the tracker's database exists at all (DNT pages must not create it). */
      hasStore: async (name) => (await indexedDB.databases()).some((d) => d.name === name),
    },
  });
})();
