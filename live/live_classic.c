/*
 * live/live_classic.c: the classic pager trace, byte for byte
 * (live_classic.h): fields separated by tabs, pids in decimal, addresses
 * in lower-case hexadecimal with 0x, the swap file as <swap>.
 */
#include "live_classic.h"

#include <inttypes.h>

#define INDENT "\t\t\t\t\t"

void classic_started(const struct classic_trace *t, uint32_t memory_pages)
{
	if (t->out)
		fprintf(t->out, "Pager started with %" PRIu32 " physical memory pages\n",
			memory_pages);
}

void classic_create(const struct classic_trace *t, long parent, long child, int rc)
{
	if (t->out)
		fprintf(t->out, "vm_create\t(%ld, %ld)\nvm_create returned %d\n", parent, child, rc);
}

void classic_switch(const struct classic_trace *t, long pid)
{
	if (t->out)
		fprintf(t->out, "vm_switch\t(%ld)\n", pid);
}

void classic_map(const struct classic_trace *t, long pid, uint64_t name, uint64_t block)
{
	if (!t->out)
		return;
	if (t->newer)
		fprintf(t->out, "vm_map\t\t(0x%" PRIx64 ", %" PRIu64 ")\n", name, block);
	else
		fprintf(t->out, "vm_map\t\t(%ld)\t0x%" PRIx64 "\t%" PRIu64 "\n", pid, name, block);
}

void classic_map_returned(const struct classic_trace *t, uint64_t addr)
{
	if (t->out)
		fprintf(t->out, "vm_map returned 0x%" PRIx64 "\n", addr);
}

void classic_fault(const struct classic_trace *t, long pid, uint64_t addr, bool write)
{
	if (!t->out)
		return;
	const char *how = write ? "write" : "read";
	if (t->newer)
		fprintf(t->out, "vm_fault\t(0x%" PRIx64 ", %s)\n", addr, how);
	else
		fprintf(t->out, "vm_fault\t(%ld)\t0x%" PRIx64 "\t%s\n", pid, addr, how);
}

void classic_fault_returned(const struct classic_trace *t, int rc)
{
	if (t->out)
		fprintf(t->out, "vm_fault returned %d\n", rc);
}

void classic_io(const struct classic_trace *t, bool write, const char *file, uint64_t block)
{
	if (!t->out)
		return;
	const char *call = write ? "file_write" : "file_read";
	const char *name = file ? file : "<swap>";
	if (t->newer)
		fprintf(t->out, "%s\t(%s, %" PRIu64 ")\n", call, name, block);
	else
		fprintf(t->out, "%s\t%s\t%" PRIu64 "\n", call, name, block);
}

void classic_destroy(const struct classic_trace *t, long pid)
{
	if (!t->out)
		return;
	if (t->newer)
		fputs("vm_destroy\n", t->out);
	else
		fprintf(t->out, "vm_destroy\t(%ld)\n", pid);
}

void classic_returning(const struct classic_trace *t, long pid, const struct pte *table,
		       uint32_t valid)
{
	if (!t->out)
		return;
	fprintf(t->out, INDENT "returning to (%ld) with %spages:\n", pid, t->newer ? "r|w " : "");
	for (uint32_t v = 0; table && v < valid; v++) {
		if (!table[v].read_enable)
			continue;
		uint64_t vaddr = t->arena_base + (uint64_t)v * t->page_size;
		fprintf(t->out, INDENT "%s\tvpage 0x%" PRIx64 "\tppage 0x%" PRIx32 "\n",
			table[v].write_enable ? "rw" : "r", vaddr / t->page_size, table[v].ppage);
	}
}
