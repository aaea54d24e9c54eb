// @ts-nocheck
// Runs tasks with at most `concurrency` in flight, in their order, until all are done.

/** The concurrency's bounds: 1 to 16 units in flight. */ function stryNS_9fa48() {
  var g =
    (typeof globalThis === "object" && globalThis && globalThis.Math === Math && globalThis) ||
    new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (
    ns.activeMutant === undefined &&
    g.process &&
    g.process.env &&
    g.process.env.__STRYKER_ACTIVE_MUTANT__
  ) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov =
    ns.mutantCoverage ||
    (ns.mutantCoverage = {
      static: {},
      perTest: {},
    });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error("Stryker: Hit count limit reached (" + ns.hitCount + ")");
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
export const MAX_CONCURRENCY = 16;

/**
 * Runs `work` on each item with at most `concurrency` at once, starting them in order; resolves when
 * every one has ended. `work` must not throw: it reports its own failures.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  if (stryMutAct_9fa48("559")) {
  } else {
    stryCov_9fa48("559");
    let next = 0;
    const worker = async () => {
      if (stryMutAct_9fa48("560")) {
      } else {
        stryCov_9fa48("560");
        while (
          stryMutAct_9fa48("563")
            ? next >= items.length
            : stryMutAct_9fa48("562")
              ? next <= items.length
              : stryMutAct_9fa48("561")
                ? false
                : (stryCov_9fa48("561", "562", "563"), next < items.length)
        ) {
          if (stryMutAct_9fa48("564")) {
          } else {
            stryCov_9fa48("564");
            const item = items[next] as T;
            stryMutAct_9fa48("565") ? (next -= 1) : (stryCov_9fa48("565"), (next += 1));
            await work(item);
          }
        }
      }
    };
    await Promise.all(
      Array.from(
        stryMutAct_9fa48("566")
          ? {}
          : (stryCov_9fa48("566"),
            {
              length: stryMutAct_9fa48("567")
                ? Math.max(concurrency, items.length)
                : (stryCov_9fa48("567"), Math.min(concurrency, items.length)),
            }),
        worker,
      ),
    );
  }
}
