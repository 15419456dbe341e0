"""Model of clock-pro: CLOCK-Pro as in Jiang, Chen and Zhang, USENIX ATC
2005, section 4, on a page-reference string, with the choices the paper
leaves open made as docs/policies.md states them.

All pages in one clock: resident hot pages, resident cold pages, and
non-resident cold pages still in their test period. Pages enter at the
list head (the youngest end); the hands move from the oldest entry towards
the head and wrap; a hand with no entry starts at the oldest; a hand on an
entry that moves to the head or leaves moves to the entry after it first.
m_c (the cold target) starts at 1 and stays in 1..max(1, m - 1); hot pages
may number m - m_c. A cold page re-accessed within its test period raises
m_c by one; a test period that ends without one lowers it by one.

 - A hit sets the page's reference bit.
 - A miss with memory full: (reference bits as mmusim has them: the bits
   of the pages filled since the previous such miss are cleared first, the
   fill's own access not being a use; then HAND_hot runs while there are
   more than m - m_c hot pages.) HAND_cold moves to the next resident
   cold page: if its bit is set, the bit is cleared and the page moves to
   the head, becoming hot if it was in its test period (m_c + 1; then
   HAND_hot while hot pages exceed m - m_c), else starting a test period.
   If its bit is clear it is replaced: it stays in the clock as a
   non-resident page if in its test period (HAND_test runs if they then
   outnumber m), else it leaves; HAND_cold moves past it.
 - HAND_hot: a hot page with its bit set has it cleared; one with the bit
   clear becomes a cold page without test period and HAND_hot stops. It
   ends the test period of the resident cold pages it passes and removes
   the non-resident ones (m_c - 1 each).
 - HAND_test: ends the test period of resident cold pages it passes (m_c
   - 1) and stops after removing one non-resident page (m_c - 1).
 - The missed page: if it is a non-resident page in the clock, it becomes
   a resident hot page at the head (m_c + 1; the HAND_hot run this calls
   for happens at the next miss); else a resident cold page in its test
   period at the head, its bit set by its own access."""


class Model:
    def __init__(self, frames, params):
        self.m = frames
        self.mc = 1
        self.mc_max = max(1, frames - 1)
        self.nxt, self.prv = {}, {}
        self.head = None
        self.hands = {"hot": None, "cold": None, "test": None}
        self.kind = {}    # 'hot', 'cold', 'nr'
        self.test = {}
        self.bit = {}
        self.fresh = []

    # --- the ring ---
    def insert_head(self, x):
        if self.head is None:
            self.nxt[x] = self.prv[x] = x
        else:
            n = self.nxt[self.head]
            self.nxt[self.head] = x
            self.prv[x] = self.head
            self.nxt[x] = n
            self.prv[n] = x
        self.head = x

    def unlink(self, x):
        nxt = None if self.nxt[x] == x else self.nxt[x]
        for h in self.hands:
            if self.hands[h] == x:
                self.hands[h] = nxt
        if self.head == x:
            self.head = None if self.prv[x] == x else self.prv[x]
        p, n = self.prv.pop(x), self.nxt.pop(x)
        if p != x:
            self.nxt[p] = n
            self.prv[n] = p

    def at(self, hand):
        h = self.hands[hand]
        if h is None and self.head is not None:
            h = self.nxt[self.head]
        return h

    def dec(self):
        self.mc = max(1, self.mc - 1)

    def inc(self):
        self.mc = min(self.mc_max, self.mc + 1)

    def drop(self, x):
        self.unlink(x)
        del self.kind[x]
        self.test.pop(x, None)
        self.dec()

    def count(self, k):
        return sum(1 for v in self.kind.values() if v == k)

    # --- the hands ---
    def hand_hot(self):
        for _ in range(3 * len(self.kind) + 3):
            e = self.at("hot")
            if e is None:
                return False
            if self.kind[e] == 'nr':
                self.drop(e)
                continue
            self.hands["hot"] = self.nxt[e]
            if self.kind[e] == 'hot':
                if self.bit[e]:
                    self.bit[e] = 0
                    continue
                self.kind[e] = 'cold'
                self.test[e] = False
                return True
            if self.test[e]:
                self.test[e] = False
                self.dec()
        return False

    def hand_test(self):
        while True:
            e = self.at("test")
            if self.kind[e] == 'nr':
                self.drop(e)
                return
            self.hands["test"] = self.nxt[e]
            if self.kind[e] == 'cold' and self.test[e]:
                self.test[e] = False
                self.dec()

    def balance(self):
        while self.count('hot') > self.m - self.mc:
            if not self.hand_hot():
                return

    def hand_cold(self):
        while True:
            e = self.at("cold")
            if self.kind[e] != 'cold':
                self.hands["cold"] = self.nxt[e]
                continue
            if not self.bit[e]:
                self.hands["cold"] = self.nxt[e]
                return e
            self.bit[e] = 0
            if self.test[e]:
                self.kind[e] = 'hot'
                self.inc()
                self.unlink(e)
                self.insert_head(e)
                self.balance()
            else:
                self.test[e] = True
                self.unlink(e)
                self.insert_head(e)

    def access(self, x):
        if x in self.kind and self.kind[x] != 'nr':
            self.bit[x] = 1
            return False, None
        victim = None
        if self.count('hot') + self.count('cold') == self.m:
            for f in self.fresh:
                if f in self.bit:
                    self.bit[f] = 0
            self.fresh = []
            self.balance()
            victim = self.hand_cold()
            del self.bit[victim]
            if self.test[victim]:
                self.kind[victim] = 'nr'
                if self.count('nr') > self.m:
                    self.hand_test()
            else:
                self.unlink(victim)
                del self.kind[victim]
                del self.test[victim]
        if self.kind.get(x) == 'nr':
            self.kind[x] = 'hot'
            self.test[x] = False
            self.inc()
            self.unlink(x)
            self.insert_head(x)
        else:
            self.kind[x] = 'cold'
            self.test[x] = True
            self.insert_head(x)
        self.bit[x] = 1
        self.fresh.append(x)
        return True, victim
