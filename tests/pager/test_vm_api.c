/*
 * tests/pager/test_vm_api.c: the seed's global vm_* calls work unchanged
 * over the default instance, and an instance beside it shares nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_machine.h"
#include "vm.h"

static void test_seed_api_drives_the_default_instance(void **state)
{
	(void)state;
	struct fake f; /* its machine serves the default instance too */
	fake_init(&f, 4, 4, 8);
	vm_machine(&f.machine, &f.config);
	vm_init(4, 2);
	assert_ptr_equal(vm_physmem, f.physmem);
	assert_int_equal(vm_create(99, 1), 0); /* unknown parent: empty arena */
	vm_switch(1);
	char *page = vm_map(NULL, 0);
	assert_ptr_equal(page, (void *)(uintptr_t)FAKE_BASE);
	assert_int_equal(vm_fault(page, true), 0);
	assert_int_equal(f.table[0].ppage, 1);
	assert_int_equal(f.table[0].write_enable, 1);
	strcpy((char *)vm_physmem + FAKE_PAGE, "data");
	assert_ptr_equal(vm_map(page, 3), (void *)(uintptr_t)(FAKE_BASE + FAKE_PAGE));
	assert_int_equal(vm_create(1, 2), 0);
	assert_int_equal(vm_create(1, 3), -1); /* one more swap page does not fit... */
	assert_ptr_equal(vm_map(NULL, 0), NULL); /* ...nor does a third reservation */
	assert_int_equal(vm_fault((void *)4, false), -1);
	const struct pager_stats *s = pager_stats(vm_pager());
	assert_int_equal(s->zero_fills, 1);
	assert_int_equal(s->creates_ok, 2);
	assert_int_equal(s->creates_failed, 1);
	assert_int_equal(s->maps_failed, 1);
	assert_int_equal(s->faults_invalid, 1);
	assert_int_equal(pager_stats(f.pager)->faults, 0); /* the other instance */
	vm_destroy();
	vm_switch(2);
	vm_destroy();
	pager_check(vm_pager());
	vm_shutdown();
	assert_null(vm_pager());
	fake_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_api_drives_the_default_instance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
