"""Model of mglru: the multi-generational LRU of Linux's
Documentation/mm/multigen_lru.rst, reduced as docs/policies.md says, on a
page-reference string.

Generations min_seq..max_seq (at most 4), each a FIFO of pages. A faulted
page joins the youngest generation; a use sets its referenced bit. At a
miss with memory full: the bits of pages filled since the previous such
miss are cleared (the fault's own access is not a use), then:
  - empty oldest generations are retired (min_seq + 1);
  - while fewer than three generations remain (MIN_NR_GENS = 2 protected
    ones plus one to evict from), the aging step makes a new youngest
    generation (max_seq + 1) and moves every referenced page there,
    clearing its bit, oldest generation first;
  - the oldest generation's first page is evicted, unless its bit is set:
    then the bit is cleared, the page moves to the youngest generation,
    and the search goes on."""
from collections import deque


class Model:
    def __init__(self, frames, params):
        self.frames = frames
        self.gens = {0: deque()}
        self.min_seq = self.max_seq = 0
        self.gen_of = {}
        self.bit = {}
        self.fresh = []

    def move(self, page, seq):
        self.gens[self.gen_of[page]].remove(page)
        self.gens[seq].append(page)
        self.gen_of[page] = seq

    def age(self):
        self.max_seq += 1
        young = self.max_seq
        self.gens[young] = deque()
        for seq in range(self.min_seq, young):
            for page in list(self.gens[seq]):
                if self.bit[page]:
                    self.bit[page] = 0
                    self.move(page, young)

    def evict(self):
        while True:
            while self.min_seq < self.max_seq and not self.gens[self.min_seq]:
                del self.gens[self.min_seq]
                self.min_seq += 1
            if self.max_seq - self.min_seq < 2:
                self.age()
                continue
            page = self.gens[self.min_seq][0]
            if self.bit[page]:
                self.bit[page] = 0
                self.move(page, self.max_seq)
                continue
            self.gens[self.min_seq].popleft()
            del self.gen_of[page]
            del self.bit[page]
            return page

    def access(self, page):
        if page in self.gen_of:
            self.bit[page] = 1
            return False, None
        victim = None
        if len(self.gen_of) == self.frames:
            for p in self.fresh:
                if p in self.bit:
                    self.bit[p] = 0
            self.fresh = []
            victim = self.evict()
        self.gens[self.max_seq].append(page)
        self.gen_of[page] = self.max_seq
        self.bit[page] = 1
        self.fresh.append(page)
        return True, victim
